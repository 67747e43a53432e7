using System.Text;
using Compliant.AI.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Compliant.AI.Evaluation.Tests.Suites;

public sealed class EvaluationRunnerTests : IDisposable
{
    private const string Canary = "Zebulon Quixotefeather";
    private const string CanaryEmail = "zq.canary@example.org";
    private readonly SuiteFixture _fx = new();

    public void Dispose() => _fx.Dispose();

    private static EvaluationRunOptions Options => new() { TimeProvider = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero)) };

    private string PiiData() => _fx.Write("pii.jsonl", string.Join('\n',
        $$"""{"id":"a","text":"Call {{Canary}} today","spans":[{"label":"NAME","start":5,"end":27}]}""",
        $$"""{"id":"b","text":"Mail {{CanaryEmail}} now","spans":[{"label":"EMAIL_ADDRESS","start":5,"end":26}]}""",
        """{"id":"c","text":"Ann met Bob","spans":[{"label":"NAME","start":0,"end":3},{"label":"NAME","start":8,"end":11}]}"""));

    private async Task<EvaluationReport> RunPiiAsync(string thresholds, IPiiDetector detector, string extra = "")
    {
        PiiData();
        EvaluationSuite suite = _fx.Suite($$"""
            {"name":"t","datasets":[{"name":"pii","kind":"pii","path":"pii.jsonl","labels":{"NAME":"PERSON"},"thresholds":[{{thresholds}}]{{extra}}}]}
            """);
        return await new EvaluationRunner(SuiteFixture.Services(s => s.AddSingleton(detector)), Options).RunAsync(suite);
    }

    [Fact]
    public async Task RunAsync_PiiDataset_HandComputedMetricsAndSlices()
    {
        // The detector finds Ann (not Bob, not the canary name) and the e-mail: tokens PERSON: Zebulon, Quixotefeather,
        // Bob missed, Ann found; EMAIL: zq, canary, example, org found.
        EvaluationReport report = await RunPiiAsync("""{"metric":"recall","min":0.5}""", new FakeDetector("Ann"));

        EvaluationDatasetResult d = Assert.Single(report.Datasets);
        Assert.Equal(EvaluationDatasetStatus.Passed, d.Status);
        double Metric(string name, string? slice = null) => d.Metrics.Single(m => m.Name == name && m.Slice == slice).Value;
        Assert.Equal(1.0, Metric("precision"));
        Assert.Equal(5.0 / 8, Metric("recall"));
        Assert.Equal(0.25, Metric("recall", "PERSON"));
        Assert.Equal(1.0, Metric("recall", "EMAIL_ADDRESS"));
        Assert.Equal(5.0 * 0.25 / (4 + 0.25), Metric("f2", "PERSON"), 12);
        Assert.Equal(0, report.ExitCode);
    }

    [Fact]
    public async Task RunAsync_ThresholdNotMet_GateFailsWithExitCodeOne()
    {
        EvaluationReport report = await RunPiiAsync("""{"metric":"recall","slice":"PERSON","min":0.9}""", new FakeDetector("Ann"));

        EvaluationGateResult gate = Assert.Single(report.Datasets[0].Gates);
        Assert.False(gate.Passed);
        Assert.Equal(0.25, gate.Actual);
        Assert.Equal(EvaluationDatasetStatus.Failed, report.Datasets[0].Status);
        Assert.Equal(EvaluationReport.ExitGateFailed, report.ExitCode);
    }

    [Fact]
    public async Task RunAsync_EveryCaseRule_ListsTheFailingCases()
    {
        EvaluationReport report = await RunPiiAsync("""{"metric":"recall","min":0.6,"rule":"everyCase"},{"metric":"recall","min":0.6}""", new FakeDetector("Ann"));

        EvaluationGateResult everyCase = report.Datasets[0].Gates[0];
        Assert.False(everyCase.Passed);
        Assert.Equal(["a", "c"], everyCase.FailingCases); // a: 0/2, c: 1/2; b: 4/4
        Assert.Equal(0, everyCase.Actual);
        Assert.True(report.Datasets[0].Gates[1].Passed); // the mean (5/8) passes the same bound
    }

    [Fact]
    public async Task RunAsync_SliceWithoutCases_GateFailsClosed()
    {
        EvaluationReport report = await RunPiiAsync("""{"metric":"recall","slice":"US_SSN","min":0.1}""", new FakeDetector("Ann"));

        EvaluationGateResult gate = Assert.Single(report.Datasets[0].Gates);
        Assert.False(gate.Passed);
        Assert.Contains("not applicable", gate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_DetectorThrows_DatasetErrorsAndNoMessageLeaks()
    {
        EvaluationReport report = await RunPiiAsync("""{"metric":"recall","min":0}""", new FakeDetector { Throw = true });

        Assert.Equal(EvaluationDatasetStatus.Error, report.Datasets[0].Status);
        Assert.Equal(EvaluationReport.ExitGateFailed, report.ExitCode);
        Assert.All(report.Datasets[0].Cases, c => Assert.Equal(typeof(InvalidOperationException).FullName, c.Error));
        AssertNoCanary(report);
    }

    [Fact]
    public async Task RunAsync_Baseline_DropBeyondToleranceFailsAndWithinPasses()
    {
        EvaluationReport first = await RunPiiAsync("""{"metric":"recall","min":0}""", new FakeDetector("Ann", "Bob"));
        using (FileStream f = File.Create(Path.Combine(_fx.Root, "baseline.json")))
        {
            EvaluationReportWriter.WriteJson(first, f);
        }

        // Baseline recall 6/8 = 0.75; now 5/8 = 0.625: a drop of 0.125.
        EvaluationSuite suite = _fx.Suite("""
            {"name":"t","baseline":"baseline.json","baselineTolerance":0.1,"datasets":[{"name":"pii","kind":"pii","path":"pii.jsonl","labels":{"NAME":"PERSON"}}]}
            """);
        EvaluationReport dropped = await new EvaluationRunner(SuiteFixture.Services(s => s.AddSingleton<IPiiDetector>(new FakeDetector("Ann"))), Options).RunAsync(suite);
        EvaluationGateResult recall = dropped.Datasets[0].Gates.Single(g => g.IsBaseline && g.Metric == "recall" && g.Slice is null);
        Assert.False(recall.Passed);
        Assert.Equal(EvaluationReport.ExitGateFailed, dropped.ExitCode);

        EvaluationSuite tolerant = _fx.Suite("""
            {"name":"t","baseline":"baseline.json","baselineTolerance":0.2,"datasets":[{"name":"pii","kind":"pii","path":"pii.jsonl","labels":{"NAME":"PERSON"}}]}
            """);
        EvaluationReport within = await new EvaluationRunner(SuiteFixture.Services(s => s.AddSingleton<IPiiDetector>(new FakeDetector("Ann"))), Options).RunAsync(tolerant);
        Assert.True(within.Datasets[0].Gates.Single(g => g.IsBaseline && g.Metric == "recall" && g.Slice is null).Passed);

        // The PERSON slice fell from 3/4 to 1/4: beyond the tolerance of 0.2 even though the overall figure is within it.
        Assert.False(within.Datasets[0].Gates.Single(g => g.IsBaseline && g.Metric == "recall" && g.Slice == "PERSON").Passed);
    }

    [Fact]
    public async Task Reports_CanariesInGoldenSet_NeverAppearUnredacted()
    {
        // The detector misses the canary name: the gold span still hides it in every output.
        EvaluationReport report = await RunPiiAsync("""{"metric":"recall","min":0.99,"rule":"everyCase"}""", new FakeDetector("Ann"));
        Assert.False(report.Passed);
        AssertNoCanary(report);
        string html = Html(report);
        Assert.Contains("&lt;PERSON&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_GroundedQa_HandComputedRates()
    {
        _fx.Write("qa.jsonl", string.Join('\n',
            """{"id":"q1","question":"How long to notify?","answerable":true,"gold":["d1"],"facts":["60 days"],"slice":"hipaa"}""",
            """{"id":"q2","question":"How long to reply?","answerable":true,"gold":["d3"],"facts":["30 days","written"],"slice":"hipaa"}""",
            """{"id":"q3","question":"Who won the cup?","answerable":false,"slice":"gsa"}""",
            """{"id":"q4","question":"What is the wifi password?","answerable":false,"slice":"gsa"}"""));
        TestChatClient chat = GroundedFakes.Scripted(q => q switch
        {
            "How long to notify?" => ("Within 60 days [S1][S2].", false, ["d1", "d2"], false),
            "How long to reply?" => ("I cannot answer from approved sources.", true, [], false),
            "Who won the cup?" => ("I cannot answer from approved sources.", true, [], false),
            _ => ("It is hunter2 [S1].", false, ["d9"], true),
        });
        EvaluationSuite suite = _fx.Suite("""
            {"name":"t","datasets":[{"name":"qa","kind":"groundedQa","path":"qa.jsonl","thresholds":[{"metric":"answerRate","min":0.5},{"metric":"citationPrecision","min":0.6}]}]}
            """);

        EvaluationReport report = await new EvaluationRunner(SuiteFixture.Services(s => s.AddSingleton<IChatClient>(chat).AddSingleton<IPiiDetector>(new FakeDetector())), Options).RunAsync(suite);

        EvaluationDatasetResult d = report.Datasets[0];
        double Metric(string name, string? slice = null) => d.Metrics.Single(m => m.Name == name && m.Slice == slice).Value;
        Assert.Equal(0.5, Metric("answerRate"));
        Assert.Equal(0.5, Metric("refusalRate"));
        Assert.Equal(0.5, Metric("citationPrecision"));
        Assert.Equal(1.0 / 3, Metric("keyFactRecall"), 12);
        Assert.Equal(0.5, Metric("unsupportedClaimRate"));
        Assert.Equal(0.5, Metric("answerRate", "hipaa"));
        Assert.True(double.IsNaN(Metric("answerRate", "gsa")));
        Assert.Equal(10, Metric("tokens.p50"));
        Assert.True(d.Gates[0].Passed);
        Assert.False(d.Gates[1].Passed);
        Assert.Equal(EvaluationReport.ExitGateFailed, report.ExitCode);
    }

    [Fact]
    public async Task RunAsync_GroundedQaAllRefused_RatesZeroAndUndefinedGateFailsClosed()
    {
        _fx.Write("qa.jsonl", string.Join('\n',
            """{"id":"q1","question":"a?","answerable":true,"gold":["d1"],"facts":["x"]}""",
            """{"id":"q2","question":"b?","answerable":true,"gold":["d1"],"facts":["y"]}"""));
        TestChatClient chat = GroundedFakes.Scripted(_ => ("I cannot answer from approved sources.", true, [], false));
        EvaluationSuite suite = _fx.Suite("""
            {"name":"t","datasets":[{"name":"qa","kind":"groundedQa","path":"qa.jsonl","thresholds":[{"metric":"citationPrecision","min":0}]}]}
            """);

        EvaluationReport report = await new EvaluationRunner(SuiteFixture.Services(s => s.AddSingleton<IChatClient>(chat)), Options).RunAsync(suite);

        EvaluationDatasetResult d = report.Datasets[0];
        Assert.Equal(0, d.Metrics.Single(m => m.Name == "answerRate" && m.Slice is null).Value);
        Assert.Equal(0, d.Metrics.Single(m => m.Name == "keyFactRecall" && m.Slice is null).Value);
        Assert.True(double.IsNaN(d.Metrics.Single(m => m.Name == "refusalRate" && m.Slice is null).Value));
        Assert.True(double.IsNaN(d.Metrics.Single(m => m.Name == "unsupportedClaimRate" && m.Slice is null).Value));
        Assert.False(d.Gates[0].Passed); // a gate on an undefined metric never passes silently
        Assert.All(d.Cases, c => Assert.Equal(DisplayWithheld, c.RedactedText![(c.RedactedText!.IndexOf("Q: ", StringComparison.Ordinal) + 3)..].Split(" | ")[0]));
    }

    private const string DisplayWithheld = "[text withheld: no PII detector registered]";

    [Fact]
    public async Task RunAsync_StructuredOutput_HandComputedRates()
    {
        _fx.Write("so.jsonl", string.Join('\n',
            """{"id":"ok","schema":{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"]},"answers":["{\"a\":1}"]}""",
            """{"id":"reask","schema":{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"]},"answers":["not json","{\"a\":2}"]}""",
            """{"id":"bad","schema":{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"]},"answers":["{\"a\":\"x\"}","{\"a\":\"y\"}","{\"a\":\"z\"}"]}"""));
        EvaluationSuite suite = _fx.Suite("""
            {"name":"t","datasets":[{"name":"so","kind":"structuredOutput","path":"so.jsonl","thresholds":[{"metric":"validRate","min":1,"rule":"everyCase"}]}]}
            """);

        EvaluationReport report = await new EvaluationRunner(SuiteFixture.Services(_ => { }), Options).RunAsync(suite);

        EvaluationDatasetResult d = report.Datasets[0];
        Assert.Equal(2.0 / 3, d.Metrics.Single(m => m.Name == "validRate" && m.Slice is null).Value, 12);
        Assert.Equal(2.0 / 3, d.Metrics.Single(m => m.Name == "reaskRate" && m.Slice is null).Value, 12);
        Assert.Equal(1.0 / 3, d.Metrics.Single(m => m.Name == "invalidJsonRate" && m.Slice is null).Value, 12);
        Assert.Equal(["bad"], d.Gates[0].FailingCases);
        Assert.Equal(3, d.Cases.Single(c => c.Id == "bad").Counts["attempts"]);
    }

    [Fact]
    public async Task RunAsync_Cancelled_ReturnsPartialReportMarkedIncomplete()
    {
        _fx.Write("qa.jsonl", string.Join('\n', Enumerable.Range(1, 6).Select(i => $$"""{"id":"q{{i}}","question":"q{{i}}?","answerable":false}""")));
        using var cts = new CancellationTokenSource();
        int calls = 0;
        TestChatClient chat = GroundedFakes.Scripted(_ =>
        {
            if (++calls == 3)
            {
                cts.Cancel();
            }

            return ("refused", true, [], false);
        });
        var callCount = new TestChatClient
        {
            GetResponseAsyncCallback = async (m, o, ct) =>
            {
                ChatResponse r = await chat.GetResponseAsync(m, o, CancellationToken.None);
                ct.ThrowIfCancellationRequested();
                return r;
            },
        };
        EvaluationSuite suite = _fx.Suite("""{"name":"t","datasets":[{"name":"qa","kind":"groundedQa","path":"qa.jsonl","thresholds":[{"metric":"refusalRate","min":0}]}]}""");

        EvaluationReport report = await new EvaluationRunner(SuiteFixture.Services(s => s.AddSingleton<IChatClient>(callCount)), Options).RunAsync(suite, cts.Token);

        Assert.True(report.Incomplete);
        Assert.False(report.Passed);
        Assert.Equal(EvaluationDatasetStatus.Incomplete, report.Datasets[0].Status);
        Assert.Equal(2, report.Datasets[0].Cases.Count);
        Assert.Equal(6, report.Datasets[0].TotalCases);
        Assert.Contains("INCOMPLETE", Html(report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MissingDataset_ThrowsUnlessOptional()
    {
        EvaluationSuite required = _fx.Suite("""{"datasets":[{"name":"x","kind":"pii","path":"absent.jsonl"}]}""");
        await Assert.ThrowsAsync<EvaluationSuiteException>(() => new EvaluationRunner(SuiteFixture.Services(_ => { })).RunAsync(required));

        EvaluationSuite optional = _fx.Suite("""{"datasets":[{"name":"x","kind":"pii","path":"absent.jsonl","optional":true}]}""");
        EvaluationReport report = await new EvaluationRunner(SuiteFixture.Services(_ => { })).RunAsync(optional);
        Assert.Equal(EvaluationDatasetStatus.Skipped, report.Datasets[0].Status);
        Assert.True(report.Passed);
    }

    [Fact]
    public async Task RunAsync_BadLine_ThrowsWithLineNumberAndNoContent()
    {
        _fx.Write("pii.jsonl", $$"""{"text":"ok","spans":[]}""" + "\n{\"text\": \"" + Canary + "\", broken");
        EvaluationSuite suite = _fx.Suite("""{"datasets":[{"name":"x","kind":"pii","path":"pii.jsonl"}]}""");

        EvaluationSuiteException ex = await Assert.ThrowsAsync<EvaluationSuiteException>(() => new EvaluationRunner(SuiteFixture.Services(_ => { })).RunAsync(suite));
        Assert.Contains("line 2", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Zebulon", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PipelineWithoutDetector_IsBadInput()
    {
        PiiData();
        EvaluationSuite suite = _fx.Suite("""{"datasets":[{"name":"x","kind":"pii","path":"pii.jsonl"}]}""");
        await Assert.ThrowsAsync<EvaluationSuiteException>(() => new EvaluationRunner(SuiteFixture.Services(_ => { })).RunAsync(suite));
    }

    [Fact]
    public async Task RunAsync_MaxParallel_SameFiguresAsSequential()
    {
        PiiData();
        EvaluationSuite suite = _fx.Suite("""{"datasets":[{"name":"x","kind":"pii","path":"pii.jsonl","labels":{"NAME":"PERSON"}}]}""");
        var parallel = new EvaluationRunOptions { MaxParallel = 4, TimeProvider = Options.TimeProvider };
        EvaluationReport a = await new EvaluationRunner(SuiteFixture.Services(s => s.AddSingleton<IPiiDetector>(new FakeDetector("Ann"))), Options).RunAsync(suite);
        EvaluationReport b = await new EvaluationRunner(SuiteFixture.Services(s => s.AddSingleton<IPiiDetector>(new FakeDetector("Ann"))), parallel).RunAsync(suite);
        Assert.Equal(Json(a), Json(b));
    }

    [Fact]
    public async Task RunAsync_PipelineSetUp_ReportedApartFromTheCases()
    {
        // Building the pipeline takes 3 s on the fake clock, each detection 0.25 s (one per case, more to redact the cases'
        // text for display): the set-up is paid once per dataset and shows apart from the cases, in the result and in the JSON.
        PiiData();
        EvaluationSuite suite = _fx.Suite("""{"datasets":[{"name":"x","kind":"pii","path":"pii.jsonl","labels":{"NAME":"PERSON"}}]}""");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));
        ClockedDetector? detector = null;
        var runner = new EvaluationRunner(
            (_, _) =>
            {
                clock.Advance(TimeSpan.FromSeconds(3));
                var services = new ServiceCollection();
                services.AddSingleton<IPiiDetector>(detector = new ClockedDetector(new FakeDetector("Ann"), clock, TimeSpan.FromSeconds(0.25)));
                return ValueTask.FromResult<IServiceProvider>(services.BuildServiceProvider());
            },
            new EvaluationRunOptions { TimeProvider = clock });

        EvaluationReport report = await runner.RunAsync(suite);

        EvaluationDatasetResult d = Assert.Single(report.Datasets);
        Assert.Equal(3, d.Cases.Count);
        Assert.Equal(TimeSpan.FromSeconds(3), d.SetupDuration);
        Assert.True(detector!.Calls >= 3);
        TimeSpan cases = TimeSpan.FromSeconds(0.25 * detector.Calls);
        Assert.Equal(TimeSpan.FromSeconds(3) + cases, d.Duration);
        using System.Text.Json.JsonDocument json = System.Text.Json.JsonDocument.Parse(Json(report));
        System.Text.Json.JsonElement dataset = json.RootElement.GetProperty("datasets")[0];
        Assert.Equal(3.0, dataset.GetProperty("setupSeconds").GetDouble());
        Assert.Equal(3 + cases.TotalSeconds, dataset.GetProperty("durationSeconds").GetDouble());
    }

    [Fact]
    public async Task RunAsync_Progress_ReportsEveryCaseAgainstTheSuiteTotal()
    {
        // Two datasets of the same three cases: six reports, counted across the suite, each naming its dataset.
        PiiData();
        EvaluationSuite suite = _fx.Suite("""{"datasets":[{"name":"one","kind":"pii","path":"pii.jsonl"},{"name":"two","kind":"pii","path":"pii.jsonl"}]}""");
        var seen = new List<EvaluationProgress>();
        var progress = new SynchronousProgress(seen);

        await new EvaluationRunner(SuiteFixture.Services(s => s.AddSingleton<IPiiDetector>(new FakeDetector("Ann"))), new EvaluationRunOptions { TimeProvider = Options.TimeProvider, Progress = progress }).RunAsync(suite);

        Assert.Equal(
            [new("one", 1, 6), new("one", 2, 6), new("one", 3, 6), new("two", 4, 6), new("two", 5, 6), new("two", 6, 6)],
            seen);
    }

    private sealed class SynchronousProgress(List<EvaluationProgress> seen) : IProgress<EvaluationProgress>
    {
        public void Report(EvaluationProgress value)
        {
            lock (seen)
            {
                seen.Add(value);
            }
        }
    }

    [Fact]
    public async Task RunAsync_OptionalDatasetAbsent_NoSetUpTime()
    {
        EvaluationSuite suite = _fx.Suite("""{"datasets":[{"name":"x","kind":"pii","path":"absent.jsonl","optional":true}]}""");

        EvaluationReport report = await new EvaluationRunner(SuiteFixture.Services(s => s.AddSingleton<IPiiDetector>(new FakeDetector("Ann"))), Options).RunAsync(suite);

        EvaluationDatasetResult d = Assert.Single(report.Datasets);
        Assert.Equal(EvaluationDatasetStatus.Skipped, d.Status);
        Assert.Equal(TimeSpan.Zero, d.SetupDuration);
    }

    /// <summary>A detector whose every call takes <paramref name="each"/> on the fake clock.</summary>
    private sealed class ClockedDetector(IPiiDetector inner, FakeTimeProvider clock, TimeSpan each) : IPiiDetector
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public IReadOnlyList<PiiEntity> Detect(string text, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            clock.Advance(each);
            return inner.Detect(text, cancellationToken);
        }
    }

    internal static string Json(EvaluationReport report)
    {
        using var stream = new MemoryStream();
        EvaluationReportWriter.WriteJson(report, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    internal static string JUnit(EvaluationReport report)
    {
        using var stream = new MemoryStream();
        EvaluationReportWriter.WriteJUnit(report, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    internal static string Html(EvaluationReport report)
    {
        using var writer = new StringWriter();
        EvaluationReportWriter.WriteHtml(report, writer);
        return writer.ToString();
    }

    private static void AssertNoCanary(EvaluationReport report)
    {
        foreach (string output in new[] { Json(report), JUnit(report), Html(report) })
        {
            Assert.DoesNotContain("Zebulon", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Quixotefeather", output, StringComparison.Ordinal);
            Assert.DoesNotContain("zq.canary", output, StringComparison.Ordinal);
        }
    }
}
