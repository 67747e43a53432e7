using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Compliant.AI.Cli;

namespace Compliant.AI.Tests.Reporting;

public sealed class ReportCommandTests : IDisposable
{
    private const string KeyVariable = "COMPLIANT_TEST_REPORT_KEY";
    private static readonly string KeyBase64 = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("compliant-report-cli-");

    public ReportCommandTests() => Environment.SetEnvironmentVariable(KeyVariable, KeyBase64);

    public void Dispose() => _dir.Delete(recursive: true);

    private string Ledger => Path.Combine(_dir.FullName, "ledger");

    private string OutDir => Path.Combine(_dir.FullName, "out");

    private async Task WriteLedgerAsync()
    {
        var start = new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);
        await using var ledger = new FileAuditLedger(new AuditLedgerOptions { Directory = Ledger }, key: AuditKey.FromBase64("default", KeyBase64));
        AuditRecord Record(int i, string tenant, double latency, AuditOutcome outcome = AuditOutcome.Succeeded)
        {
            var r = new AuditRecord
            {
                RecordId = "r" + i, Timestamp = start.AddMinutes(30 * i), Model = "m1", LatencyMs = latency, Outcome = outcome,
                InputTokens = 100, OutputTokens = 10, Cost = 0.01m, Currency = "USD",
            };
            r.Caller.TenantId = tenant;
            return r;
        }

        AuditRecord a = Record(0, "acme", 10);
        a.Counters["pii.redacted.PERSON"] = 2;
        a.Counters["grounding.sources"] = 3;
        a.Counters["structured_output.attempts"] = 2;
        a.Verdicts.Add(new AuditVerdict("structured_output", AuditDecision.Modify, "invalid_json"));
        AuditRecord b = Record(1, "acme", 20, AuditOutcome.Blocked);
        b.Counters["grounding.sources"] = 0;
        b.Counters["grounding.denied_passages"] = 2;
        b.Verdicts.Add(new AuditVerdict("grounding", AuditDecision.Deny, "no_evidence"));
        AuditRecord c = Record(2, "globex", 30);
        c.Counters["pii.redacted.EMAIL_ADDRESS"] = 1;
        c.Counters["resilience.retries"] = 2;
        AuditRecord d = Record(3, "globex", 40);
        a.Prompts = [new AuditPromptVersion("system", "v1", "sha256:" + new string('1', 64))];
        a.Verdicts.Add(new AuditVerdict("prompts", AuditDecision.Allow, "configuration_changed")
        {
            Details = new Dictionary<string, string> { ["revision"] = "sha256:" + new string('9', 64), ["template.system"] = "active=v1 candidate=v2 canary=25%" },
        });
        b.Prompts = [new AuditPromptVersion("system", "v2", "sha256:" + new string('2', 64)) { Candidate = true }];
        c.Prompts = [new AuditPromptVersion("system", "v1", "sha256:" + new string('1', 64))];
        d.Prompts = [new AuditPromptVersion("system", "v1", "sha256:" + new string('1', 64))];
        foreach (AuditRecord r in new[] { a, b, c, d })
        {
            await ledger.WriteAsync(r);
        }
    }

    private async Task<(int Exit, string Err)> RunAsync(params string[] args)
    {
        var error = new StringWriter();
        int exit = await CliApp.CreateRootCommand().Parse(["report", Ledger, "--output-dir", OutDir, "--key-env", KeyVariable, .. args])
            .InvokeAsync(new InvocationConfiguration { Output = new StringWriter(), Error = error });
        return (exit, error.ToString());
    }

    private Dictionary<string, string> Rows()
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(OutDir, "report.json")));
        return doc.RootElement.GetProperty("rows").EnumerateArray().ToDictionary(
            r => r.GetProperty("section").GetString() + "/" + r.GetProperty("key").GetString() + "/" + r.GetProperty("metric").GetString(),
            r => r.GetProperty("value").GetString()!);
    }

    [Fact]
    public async Task Report_AnswerInvalidOnEveryAttempt_CountsItsRecordOnceInTheInvalidJsonRate()
    {
        // What the structured-output stage writes when every attempt is invalid JSON: one verdict per attempt, then
        // attempts_exhausted (PolicyAssistant --chaos invalid-json). The rate used to count verdicts and read 3.
        await using (var ledger = new FileAuditLedger(new AuditLedgerOptions { Directory = Ledger }, key: AuditKey.FromBase64("default", KeyBase64)))
        {
            var failed = new AuditRecord { RecordId = "failed", Timestamp = new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero), Outcome = AuditOutcome.Blocked };
            failed.Counters["structured_output.attempts"] = 3;
            for (int attempt = 1; attempt <= 3; attempt++)
            {
                failed.Verdicts.Add(new AuditVerdict("structured_output", AuditDecision.Deny, "invalid_json"));
            }

            failed.Verdicts.Add(new AuditVerdict("structured_output", AuditDecision.Deny, "attempts_exhausted"));
            var valid = new AuditRecord { RecordId = "valid", Timestamp = new DateTimeOffset(2026, 12, 5, 10, 1, 0, TimeSpan.Zero) };
            valid.Counters["structured_output.attempts"] = 1;
            valid.Verdicts.Add(new AuditVerdict("structured_output", AuditDecision.Allow, "valid"));
            await ledger.WriteAsync(failed);
            await ledger.WriteAsync(valid);
        }

        (int exit, string err) = await RunAsync();

        Assert.True(exit == 0, err);
        Dictionary<string, string> rows = Rows();
        Assert.Equal("0.5", rows["structured_output/all/invalid_json_rate"]);
        Assert.Equal("0.5", rows["structured_output/all/reask_rate"]);
    }

    [Fact]
    public async Task Report_GuardrailsVerdicts_CountedBySourceAndActionWithTheMostOftenFlaggedDocuments()
    {
        static AuditVerdict Guardrails(AuditDecision decision, string sourceAction, Dictionary<string, string>? details = null) =>
            new("guardrails", decision, "prompt_injection." + sourceAction) { Details = details };

        await using (var ledger = new FileAuditLedger(new AuditLedgerOptions { Directory = Ledger }, key: AuditKey.FromBase64("default", KeyBase64)))
        {
            var start = new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);
            var a = new AuditRecord { RecordId = "a", Timestamp = start };
            a.Verdicts.Add(Guardrails(AuditDecision.Modify, "document.drop", new() { ["flagged_documents"] = "handbook-7,faq-2", ["flagged_chunks"] = "handbook-7#3,faq-2#1" }));
            var b = new AuditRecord { RecordId = "b", Timestamp = start.AddMinutes(1) };
            b.Verdicts.Add(Guardrails(AuditDecision.Allow, "user.annotate"));
            b.Verdicts.Add(Guardrails(AuditDecision.Modify, "document.drop", new() { ["flagged_documents"] = "handbook-7", ["flagged_chunks"] = "handbook-7#3" }));
            b.Verdicts.Add(Guardrails(AuditDecision.Modify, "document.drop", new() { ["flagged_documents"] = "handbook-7", ["flagged_chunks"] = "handbook-7#4", ["flagged_truncated"] = "true" })); // a second retrieval: the record counts once
            var c = new AuditRecord { RecordId = "c", Timestamp = start.AddMinutes(2) };
            c.Verdicts.Add(Guardrails(AuditDecision.Modify, "tool.drop", new() { ["flagged_functions"] = "weather", ["flagged_calls"] = "call-1" }));
            var d = new AuditRecord { RecordId = "d", Timestamp = start.AddMinutes(3) };
            d.Verdicts.Add(new AuditVerdict("grounding", AuditDecision.Allow, "grounded"));
            foreach (AuditRecord r in new[] { a, b, c, d })
            {
                await ledger.WriteAsync(r);
            }
        }

        (int exit, string err) = await RunAsync();

        Assert.True(exit == 0, err);
        Dictionary<string, string> rows = Rows();
        Assert.Equal("3", rows["guardrails/all/records"]);
        Assert.Equal("0.75", rows["guardrails/all/rate"]);
        Assert.Equal("1", rows["guardrails/all/records_with_truncated_ids"]);
        Assert.Equal("2", rows["guardrails/document.drop/records"]);
        Assert.Equal("0.5", rows["guardrails/document.drop/rate"]);
        Assert.Equal("1", rows["guardrails/user.annotate/records"]);
        Assert.Equal("0.25", rows["guardrails/tool.drop/rate"]);
        Assert.False(rows.ContainsKey("guardrails/document.block/records"));
        Assert.Equal("2", rows["guardrails_flagged_documents/handbook-7/records"]);
        Assert.Equal("1", rows["guardrails_flagged_documents/faq-2/records"]);
        Assert.Equal(2, rows.Keys.Count(k => k.StartsWith("guardrails_flagged_documents/", StringComparison.Ordinal)));
        string csv = File.ReadAllText(Path.Combine(OutDir, "report.csv"));
        Assert.Contains("guardrails_flagged_documents,handbook-7,records,2", csv, StringComparison.Ordinal);
        Assert.True(csv.IndexOf("handbook-7", StringComparison.Ordinal) < csv.IndexOf("faq-2,records", StringComparison.Ordinal), "most often flagged first");
        string html = File.ReadAllText(Path.Combine(OutDir, "report.html"));
        Assert.Contains("id=\"chart-guardrails\"", html, StringComparison.Ordinal);
        Assert.Contains("<td>handbook-7</td><td class=\"n\">2</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>document.drop</td><td class=\"n\">2</td><td class=\"n\">0.5</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_IntactLedger_HandComputedFigures()
    {
        await WriteLedgerAsync();

        (int exit, string err) = await RunAsync();

        Assert.True(exit == 0, err);
        Dictionary<string, string> rows = Rows();
        Assert.Equal("4", rows["summary/ledger/records"]);
        Assert.Equal("0.25", rows["refusals/no_evidence/rate"]);
        Assert.Equal("0.25", rows["blocks/grounding/rate"]);
        Assert.Equal("1", rows["structured_output/all/reask_rate"]);
        Assert.Equal("1", rows["structured_output/all/invalid_json_rate"]);
        Assert.Equal("0.5", rows["retrieval/all/hit_rate"]);
        Assert.Equal("2", rows["retrieval/all/access_denied_passages"]);
        Assert.Equal("2", rows["redactions/PERSON/count"]);
        Assert.Equal("2", rows["resilience/all/retries"]);
        Assert.Equal("200", rows["usage/acme / m1/input_tokens"]);
        Assert.Equal("2", rows["latency_over_time/2026-12-05T10:00Z/count"]);
        double p50 = double.Parse(rows["latency/all/p50_ms"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(p50, 20, 20 * 1.01); // nearest rank 2 of 4 = 20 ms, within the histogram's 1 %
        Assert.StartsWith("section,key,metric,value", File.ReadAllText(Path.Combine(OutDir, "report.csv")), StringComparison.Ordinal);
        Assert.Equal("3", rows["prompts/system@v1/records"]);
        Assert.Equal("0", rows["prompts/system@v1/refusal_rate"]);
        Assert.Equal("1", rows["prompts/system@v2 (candidate)/records"]);
        Assert.Equal("1", rows["prompts/system@v2 (candidate)/refusal_rate"]);
        Assert.Equal("sha256:" + new string('9', 64), rows["prompt_changes/2026-12-05T10:00:00Z/revision"]);
        Assert.Equal("system: active=v1 candidate=v2 canary=25%", rows["prompt_changes/2026-12-05T10:00:00Z/rollout"]);
        Assert.Contains("id=\"prompt-changes\"", File.ReadAllText(Path.Combine(OutDir, "report.html")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_TenantAndTimeFilter_CountsOnlyMatchingRecords()
    {
        await WriteLedgerAsync();

        Assert.Equal(0, (await RunAsync("--tenant", "globex", "--since", "2026-12-05T11:00:00Z")).Exit);

        Assert.Equal("2", Rows()["summary/ledger/records"]);
        Assert.False(Rows().ContainsKey("usage/acme / m1/requests"));
    }

    [Fact]
    public async Task Report_ModelAndUntilFilter_CountsOnlyMatchingRecords()
    {
        await WriteLedgerAsync(); // records at 10:00, 10:30, 11:00, 11:30, all of model m1

        Assert.Equal(0, (await RunAsync("--model", "m1", "--until", "2026-12-05T10:45:00Z")).Exit);
        Assert.Equal("2", Rows()["summary/ledger/records"]);
        Assert.Equal("2", Rows()["usage/acme / m1/requests"]);
        Assert.False(Rows().ContainsKey("usage/globex / m1/requests"));

        Assert.Equal(0, (await RunAsync("--model", "m2")).Exit);
        Assert.Equal("0", Rows()["summary/ledger/records"]);
        Assert.DoesNotContain(Rows().Keys, k => k.StartsWith("usage/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Report_TamperedLedger_FlaggedInReportAndExitsOne()
    {
        await WriteLedgerAsync();
        string file = Directory.GetFiles(Ledger, "audit-*.jsonl").Single();
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"latencyMs\":30", "\"latencyMs\":3", StringComparison.Ordinal));

        (int exit, string _) = await RunAsync();

        Assert.Equal(1, exit);
        Assert.Contains("TAMPERED", File.ReadAllText(Path.Combine(OutDir, "report.html")), StringComparison.Ordinal);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(OutDir, "report.json")));
        Assert.True(doc.RootElement.GetProperty("tampered").GetBoolean());
    }

    [Fact]
    public async Task Report_NoKey_ExitsTwoUnlessNoVerify()
    {
        await WriteLedgerAsync();
        var error = new StringWriter();
        int exit = await CliApp.CreateRootCommand().Parse(["report", Ledger, "--output-dir", OutDir, "--key-env", "COMPLIANT_TEST_UNSET_KEY_VARIABLE"])
            .InvokeAsync(new InvocationConfiguration { Output = new StringWriter(), Error = error });
        Assert.Equal(2, exit);

        exit = await CliApp.CreateRootCommand().Parse(["report", Ledger, "--output-dir", OutDir, "--no-verify"]).InvokeAsync(new InvocationConfiguration { Output = new StringWriter(), Error = error });
        Assert.Equal(0, exit);
        Assert.Contains("NOT VERIFIED", File.ReadAllText(Path.Combine(OutDir, "report.html")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_Html_RendersInHeadlessChromiumWithEveryChart()
    {
        string? chromium = Environment.GetEnvironmentVariable("COMPLIANT_TEST_CHROMIUM") is { Length: > 0 } configured ? configured : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null;
        if (chromium is null || !File.Exists(chromium))
        {
            Assert.True(Environment.GetEnvironmentVariable("COMPLIANT_CI") != "1", "COMPLIANT_CI=1 but no Chromium: set COMPLIANT_TEST_CHROMIUM");
            Console.WriteLine("SKIPPED: Chromium not found (set COMPLIANT_TEST_CHROMIUM); the browser rendering test did not run.");
            return;
        }

        await WriteLedgerAsync();
        Assert.Equal(0, (await RunAsync()).Exit);
        string html = Path.Combine(OutDir, "report.html");
        string artifacts = Path.Combine(FindRepoRoot(), "artifacts");
        Directory.CreateDirectory(artifacts);
        string screenshot = Path.Combine(artifacts, "ops-report.png");
        File.Delete(screenshot);

        (string dom, string log) = RunChromium(chromium, "--dump-dom", new Uri(html).AbsoluteUri);
        foreach (string id in new[] { "chart-latency", "chart-latency-p50", "chart-latency-p95", "chart-latency-p99", "chart-tokens", "chart-refusals", "chart-blocks", "chart-guardrails", "chart-rates", "chart-redactions" })
        {
            Assert.Contains($"id=\"{id}\"", dom, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Uncaught", log, StringComparison.Ordinal);
        Assert.DoesNotContain("CONSOLE(", log, StringComparison.Ordinal);
        RunChromium(chromium, "--screenshot=" + screenshot, "--window-size=1200,2400", new Uri(html).AbsoluteUri);
        Assert.True(File.Exists(screenshot) && new FileInfo(screenshot).Length > 10_000, "no screenshot written");
    }

    internal static (string Out, string Err) RunChromium(string chromium, params string[] args)
    {
        var info = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0", "--user-data-dir=" + Path.Combine(Path.GetTempPath(), "compliant-chromium-" + Guid.NewGuid().ToString("N")), .. args])
        {
            info.ArgumentList.Add(a);
        }

        using Process process = Process.Start(info)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "Chromium did not finish within two minutes");
        return (stdout, stderr.Result);
    }

    internal static string FindRepoRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Compliant.AI.sln")))
            {
                return dir.FullName;
            }
        }

        return Path.GetTempPath();
    }
}
