using System.CommandLine;
using System.Globalization;
using System.Text;
using Compliant.AI.Cli.Audit;
using Compliant.AI.Evaluation.Operations;

namespace Compliant.AI.Cli.Reporting;

/// <summary>
/// <c>compliant report LEDGER</c>: verifies a file audit ledger, then streams its records into an operations report
/// (latency over time, tokens and cost per tenant and model, refusal and block rates, structured-output and retrieval
/// rates, guardrails verdicts and the most often flagged documents, redactions, resilience) written as report.html,
/// report.json and report.csv. A tampered ledger is flagged in the report and exits 1; bad usage exits 2.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("ledger") { Description = "A ledger directory, or one audit-*.jsonl file." };
        var outDir = new Option<DirectoryInfo>("--output-dir", "-o") { Description = "Folder for report.html, report.json and report.csv.", DefaultValueFactory = _ => new DirectoryInfo("ops-report") };
        var since = new Option<string?>("--since") { Description = "Only records at or after this ISO 8601 time." };
        var until = new Option<string?>("--until") { Description = "Only records before this ISO 8601 time." };
        var tenant = new Option<string?>("--tenant") { Description = "Only records of this tenant." };
        var model = new Option<string?>("--model") { Description = "Only records of this model." };
        var bucket = new Option<string>("--bucket") { Description = "Time bucket of the charts over time: hour or day.", DefaultValueFactory = _ => "hour" };
        bucket.AcceptOnlyFromAmong("hour", "day");
        var noVerify = new Option<bool>("--no-verify") { Description = "Skip verification (the report is marked NOT VERIFIED)." };
        var keys = new AuditKeyOptions();
        var command = new Command("report", "Operations report from an audit ledger (verified first): HTML, JSON and CSV.") { path, outDir, since, until, tenant, model, bucket, noVerify };
        keys.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            TextWriter error = parse.InvocationConfiguration.Error;
            if (!TryTime(parse.GetValue(since), out DateTimeOffset? from) || !TryTime(parse.GetValue(until), out DateTimeOffset? to))
            {
                await error.WriteLineAsync("error: --since and --until take an ISO 8601 time, for example 2026-11-23T00:00:00Z").ConfigureAwait(false);
                return 2;
            }

            string ledger = parse.GetRequiredValue(path);
            if (!Directory.Exists(ledger) && !File.Exists(ledger))
            {
                await error.WriteLineAsync("error: the audit ledger path does not exist").ConfigureAwait(false);
                return 2;
            }

            var report = new OperationsReport(new OperationsFilter(from, to, parse.GetValue(tenant), parse.GetValue(model)), parse.GetValue(bucket) == "day" ? TimeSpan.FromDays(1) : TimeSpan.FromHours(1));
            if (!parse.GetValue(noVerify))
            {
                List<AuditKey>? resolved = keys.Resolve(parse, out string keyError);
                if (resolved is null)
                {
                    await error.WriteLineAsync("error: " + keyError + " (or pass --no-verify)").ConfigureAwait(false);
                    return 2;
                }

                AuditLedgerVerificationResult verified = await AuditLedgerVerifier.VerifyAsync(ledger, resolved, cancellationToken: ct).ConfigureAwait(false);
                report.Tampered = !verified.IsIntact;
                report.Verification = verified.ToString();
            }

            try
            {
                await OperationsLedgerReader.ReadAsync(ledger, report, ct).ConfigureAwait(false);
                DirectoryInfo dir = parse.GetValue(outDir)!;
                dir.Create();
                using (var html = new StreamWriter(Path.Combine(dir.FullName, "report.html"), false, new UTF8Encoding(false)))
                {
                    OperationsReportWriter.WriteHtml(report, html);
                }

                using (var csv = new StreamWriter(Path.Combine(dir.FullName, "report.csv"), false, new UTF8Encoding(false)))
                {
                    OperationsReportWriter.WriteCsv(report, csv);
                }

                using (FileStream json = File.Create(Path.Combine(dir.FullName, "report.json")))
                {
                    OperationsReportWriter.WriteJson(report, json);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync("error: " + ex.GetType().Name).ConfigureAwait(false);
                return 2;
            }

            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{report.Records} records; {(report.Tampered ? "TAMPERED: " : string.Empty)}{report.Verification ?? "not verified"}")).ConfigureAwait(false);
            return report.Tampered ? 1 : 0;
        });
        return command;
    }

    private static bool TryTime(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (text is null)
        {
            return true;
        }

        bool ok = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset parsed);
        value = ok ? parsed : null;
        return ok;
    }
}
