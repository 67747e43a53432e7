using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Compliant.AI.Cli.Evaluation;

/// <summary>
/// <c>compliant eval SUITE</c>: runs an evaluation suite through the configured pipeline and gates on its thresholds and
/// baseline. Writes report.json, junit.xml and report.html. Exit 0 when every gate passes, 1 when a gate fails, a case
/// errors (fail closed) or the run is cancelled (the partial report is marked incomplete), 2 on a bad suite or input.
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var suite = new Argument<FileInfo>("suite") { Description = "The suite file (JSON): datasets, metrics, thresholds, baseline. See docs/evaluation.md." };
        var config = new Option<FileInfo?>("--config") { Description = "The application's configuration (default: ./appsettings.json when present); the pipeline is composed and bound from it as in production." };
        var outDir = new Option<DirectoryInfo>("--output-dir", "-o") { Description = "Folder for report.json, junit.xml and report.html.", DefaultValueFactory = _ => new DirectoryInfo("eval-results") };
        var junit = new Option<FileInfo?>("--junit") { Description = "Also write the JUnit XML here (e.g. artifacts/eval-junit.xml)." };
        var baseline = new Option<FileInfo?>("--baseline") { Description = "A report.json of an earlier run to compare with (overrides the suite's 'baseline')." };
        var tolerance = new Option<double?>("--baseline-tolerance") { Description = "How far a quality metric may fall below its baseline (overrides the suite's; default 0.02)." };
        var maxParallel = new Option<int>("--max-parallel") { Description = "Cases run at once.", DefaultValueFactory = _ => 1 };
        var cache = new Option<DirectoryInfo?>("--cache") { Description = "Model-response cache folder (default: .eval-cache beside the suite)." };
        var noCache = new Option<bool>("--no-cache") { Description = "Do not cache model responses." };
        var refresh = new Option<bool>("--refresh") { Description = "Ignore cached responses and store fresh ones." };
        var noProgress = new Option<bool>("--no-progress") { Description = "Do not draw the progress bar on stderr." };
        var compare = new Option<string?>("--compare") { Description = "NAME=A,B: run the suite with version A, then version B, of the prompt template NAME (Compliant:Prompts); B is gated against A as its baseline. Reports go to OUTPUT-DIR/A and OUTPUT-DIR/B, the difference to OUTPUT-DIR/compare.json." };
        var command = new Command("eval", "Run an evaluation suite through the configured pipeline; exit 1 when a quality gate fails.")
        {
            suite, config, outDir, junit, baseline, tolerance, maxParallel, cache, noCache, refresh, noProgress, compare,
        };
        command.SetAction(async (parse, ct) =>
        {
            TextWriter stderr = parse.InvocationConfiguration.Error;
            try
            {
                EvaluationSuite loaded = EvaluationSuite.Load(parse.GetValue(suite)!.FullName);
                if (parse.GetValue(baseline) is { } b || parse.GetValue(tolerance) is not null)
                {
                    double t = parse.GetValue(tolerance) ?? loaded.BaselineTolerance;
                    if (t < 0)
                    {
                        throw new EvaluationSuiteException("--baseline-tolerance must not be negative");
                    }

                    loaded = new EvaluationSuite { Name = loaded.Name, Datasets = loaded.Datasets, BaselinePath = parse.GetValue(baseline)?.FullName ?? loaded.BaselinePath, BaselineTolerance = t };
                }

                int parallel = parse.GetValue(maxParallel);
                if (parallel < 1)
                {
                    throw new EvaluationSuiteException("--max-parallel must be 1 or more");
                }

                string? cacheDir = parse.GetValue(noCache) ? null : (parse.GetValue(cache)?.FullName ?? Path.Combine(parse.GetValue(suite)!.DirectoryName!, ".eval-cache"));
                IConfiguration configuration = EvalPipeline.LoadConfiguration(parse.GetValue(config)?.FullName);
                bool showProgress = !parse.GetValue(noProgress) && ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
                if (parse.GetValue(compare) is { } comparison)
                {
                    PromptComparison versions = PromptComparison.Parse(comparison, configuration);
                    DirectoryInfo root = parse.GetValue(outDir)!;
                    var first = new DirectoryInfo(Path.Combine(root.FullName, versions.Baseline));
                    EvaluationReport before = await RunAsync(loaded, versions.Configure(configuration, versions.Baseline), first, junitFile: null).ConfigureAwait(false);
                    var second = new EvaluationSuite { Name = loaded.Name, Datasets = loaded.Datasets, BaselinePath = Path.Combine(first.FullName, "report.json"), BaselineTolerance = loaded.BaselineTolerance };
                    EvaluationReport after = await RunAsync(second, versions.Configure(configuration, versions.Candidate), new DirectoryInfo(Path.Combine(root.FullName, versions.Candidate)), parse.GetValue(junit)).ConfigureAwait(false);
                    await versions.WriteAsync(before, after, root, stderr).ConfigureAwait(false);
                    return after.Incomplete || before.Incomplete ? EvaluationReport.ExitGateFailed : after.ExitCode;
                }

                EvaluationReport report = await RunAsync(loaded, configuration, parse.GetValue(outDir)!, parse.GetValue(junit)).ConfigureAwait(false);
                return report.ExitCode;

                async Task<EvaluationReport> RunAsync(EvaluationSuite run, IConfiguration runConfiguration, DirectoryInfo output, FileInfo? junitFile)
                {
                    var pipeline = new EvalPipeline(runConfiguration, cacheDir, parse.GetValue(refresh));
                    using var bar = new ProgressBar(stderr, showProgress);
                    var runner = new EvaluationRunner(pipeline.CreateAsync, new EvaluationRunOptions { MaxParallel = parallel, Progress = bar });
                    EvaluationReport report = await runner.RunAsync(run, ct).ConfigureAwait(false);
                    bar.Dispose();
                    WriteReports(report, output, junitFile);
                    await Summarize(report, stderr).ConfigureAwait(false);
                    return report;
                }
            }
            catch (EvaluationSuiteException ex)
            {
                await stderr.WriteLineAsync("compliant: " + ex.Message).ConfigureAwait(false);
                return EvaluationReport.ExitBadInput;
            }
            catch (OptionsValidationException ex)
            {
                await stderr.WriteLineAsync("compliant: invalid configuration: " + string.Join(" ", ex.Failures).ReplaceLineEndings(" ")).ConfigureAwait(false);
                return EvaluationReport.ExitBadInput;
            }
            catch (InvalidDataException ex)
            {
                await stderr.WriteLineAsync("compliant: invalid configuration file: " + ex.GetType().Name).ConfigureAwait(false);
                return EvaluationReport.ExitBadInput;
            }
        });
        return command;
    }

    internal static void WriteReports(EvaluationReport report, DirectoryInfo outDir, FileInfo? junit)
    {
        outDir.Create();
        using (FileStream json = File.Create(Path.Combine(outDir.FullName, "report.json")))
        {
            EvaluationReportWriter.WriteJson(report, json);
        }

        using (FileStream xml = File.Create(Path.Combine(outDir.FullName, "junit.xml")))
        {
            EvaluationReportWriter.WriteJUnit(report, xml);
        }

        if (junit is not null)
        {
            junit.Directory?.Create();
            using FileStream xml = File.Create(junit.FullName);
            EvaluationReportWriter.WriteJUnit(report, xml);
        }

        using var html = new StreamWriter(Path.Combine(outDir.FullName, "report.html"), false, new UTF8Encoding(false));
        EvaluationReportWriter.WriteHtml(report, html);
    }

    private static async Task Summarize(EvaluationReport report, TextWriter error)
    {
        foreach (EvaluationDatasetResult d in report.Datasets)
        {
            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{d.Name}: {d.Status} ({d.Cases.Count}/{d.TotalCases} cases{(d.Status == EvaluationDatasetStatus.Skipped ? string.Empty : $", {d.Duration.TotalSeconds:0.0} s, set-up {d.SetupDuration.TotalSeconds:0.0} s")}){(d.Message is null ? string.Empty : ": " + d.Message)}")).ConfigureAwait(false);
            foreach (EvaluationGateResult g in d.Gates.Where(g => !g.Passed))
            {
                await error.WriteLineAsync($"  FAIL {g.Name}: {g.Message}").ConfigureAwait(false);
            }
        }

        await error.WriteLineAsync(report.Incomplete ? "compliant eval: INCOMPLETE (cancelled)" : report.Passed ? "compliant eval: PASSED" : "compliant eval: FAILED").ConfigureAwait(false);
    }
}
