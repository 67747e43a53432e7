using System.CommandLine;
using System.Text.Json;
using System.Xml.Linq;
using Compliant.AI.Cli;

namespace Compliant.AI.Tests.Evaluation;

public sealed class EvalCommandTests : IDisposable
{
    private const string CanaryEmail = "zq.canary7@example.org";
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("compliant-eval-cli-");

    public EvalCommandTests()
    {
        Write("docs/breach-notification.md", "# Breach notification\n\nCovered entities must notify affected individuals within 60 calendar days after discovering a breach of unsecured information.\n");
        Write("docs/records-access.md", "# Access to records\n\nA covered entity must act on a request for access to records no later than 30 days after receiving the request.\n");
        Write("qa.jsonl",
            $$"""{"id":"q1","question":"I am {{CanaryEmail}}. How many days do we have to notify individuals after discovering a breach?","answerable":true,"gold":["breach-notification"],"facts":["60 calendar days"]}""" + "\n" +
            """{"id":"q2","question":"What is on the cafeteria menu on Friday?","answerable":false}""" + "\n");
        Write("pii.jsonl",
            $$"""{"id":"p1","text":"Write to {{CanaryEmail}} today","spans":[{"label":"EMAIL_ADDRESS","start":9,"end":31}]}""" + "\n" +
            """{"id":"p2","text":"The table is red","spans":[{"label":"PERSON","start":4,"end":9}]}""" + "\n");
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string name, string content)
    {
        string path = Path.Combine(_dir.FullName, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private string Suite(string piiThresholds, string qaThresholds = "") => Write("suite.json", $$"""
        {
          "name": "cli",
          "datasets": [
            {"name":"pii","kind":"pii","path":"pii.jsonl","thresholds":[{{piiThresholds}}]},
            {"name":"qa","kind":"groundedQa","path":"qa.jsonl","corpus":"docs","thresholds":[{{qaThresholds}}]}
          ]
        }
        """);

    private async Task<(int Exit, string Err)> RunAsync(params string[] args)
    {
        var error = new StringWriter();
        int exit = await CliApp.CreateRootCommand().Parse(["eval", .. args, "--output-dir", Path.Combine(_dir.FullName, "out"), "--no-progress"])
            .InvokeAsync(new InvocationConfiguration { Output = new StringWriter(), Error = error });
        return (exit, error.ToString());
    }

    private string Out(string name) => File.ReadAllText(Path.Combine(_dir.FullName, "out", name));

    [Fact]
    public async Task Eval_GatesPass_ExitsZeroAndWritesJsonJUnitHtml()
    {
        string suite = Suite("""{"metric":"anyType.recall","min":0.5}""", """{"metric":"refusalRate","min":1},{"metric":"keyFactRecall","min":1}""");
        string junit = Path.Combine(_dir.FullName, "artifacts", "eval-junit.xml");

        (int exit, string err) = await RunAsync(suite, "--junit", junit);

        Assert.True(exit == 0, err);
        using JsonDocument json = JsonDocument.Parse(Out("report.json"));
        Assert.True(json.RootElement.GetProperty("passed").GetBoolean());
        Assert.Equal("0", XDocument.Load(junit).Root!.Attribute("failures")!.Value);
        Assert.Contains("<svg", Out("report.html"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_GateMustFail_ExitsOneAndNamesTheGate()
    {
        string suite = Suite("""{"metric":"recall","min":1,"rule":"everyCase"}""");

        (int exit, string err) = await RunAsync(suite);

        Assert.Equal(1, exit);
        Assert.Contains("FAIL recall >= 1 (every case)", err, StringComparison.Ordinal);
        Assert.Contains("p2", Out("report.json"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_YamlSuite_RunsAsTheJsonSuiteAndPrintsSetUpTime()
    {
        string suite = Write("suite.yaml", """
            # The suite of Eval_GatesPass_ExitsZeroAndWritesJsonJUnitHtml, in YAML.
            name: cli
            datasets:
              - name: pii
                kind: pii
                path: pii.jsonl
                thresholds: [ { metric: anyType.recall, min: 0.5 } ]
              - name: qa
                kind: groundedQa
                path: qa.jsonl
                corpus: docs
                thresholds:
                  - { metric: refusalRate, min: 1 }
                  - { metric: keyFactRecall, min: 1 }
            """);

        (int exit, string err) = await RunAsync(suite);

        Assert.True(exit == 0, err);
        using JsonDocument json = JsonDocument.Parse(Out("report.json"));
        Assert.Equal("cli", json.RootElement.GetProperty("suite").GetString());
        JsonElement qa = json.RootElement.GetProperty("datasets")[1];
        Assert.Equal(2, qa.GetProperty("completedCases").GetInt32());
        Assert.Equal(2, qa.GetProperty("metrics").EnumerateArray().Count(m => m.GetProperty("name").GetString() is "refusalRate" or "keyFactRecall" && m.GetProperty("value").GetDouble() == 1));
        Assert.True(qa.GetProperty("setupSeconds").GetDouble() <= qa.GetProperty("durationSeconds").GetDouble());
        Assert.Matches(@"qa: Passed \(2/2 cases, [0-9.]+ s, set-up [0-9.]+ s\)", err);
    }

    [Fact]
    public async Task Eval_Html_RendersInHeadlessChromiumWithEveryChart()
    {
        string? chromium = Environment.GetEnvironmentVariable("COMPLIANT_TEST_CHROMIUM") is { Length: > 0 } configured ? configured : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null;
        if (chromium is null || !File.Exists(chromium))
        {
            Assert.True(Environment.GetEnvironmentVariable("COMPLIANT_CI") != "1", "COMPLIANT_CI=1 but no Chromium: set COMPLIANT_TEST_CHROMIUM");
            Console.WriteLine("SKIPPED: Chromium not found (set COMPLIANT_TEST_CHROMIUM); the browser rendering test did not run.");
            return;
        }

        // A failing gate, so the page has its failing-case listing as well as the charts.
        string suite = Suite("""{"metric":"recall","min":1,"rule":"everyCase"}""", """{"metric":"refusalRate","min":1}""");
        Assert.Equal(1, (await RunAsync(suite, "--no-cache")).Exit);
        string html = Path.Combine(_dir.FullName, "out", "report.html");
        string screenshot = Path.Combine(Reporting.ReportCommandTests.FindRepoRoot(), "artifacts", "eval-report.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        File.Delete(screenshot);

        (string dom, string log) = Reporting.ReportCommandTests.RunChromium(chromium, "--dump-dom", new Uri(html).AbsoluteUri);
        foreach (string id in new[] { "verdict", "ds-pii", "ds-qa", "chart-pii-quality", "chart-pii-latency", "chart-qa-quality", "chart-qa-latency", "chart-qa-tokens" })
        {
            Assert.Contains($"id=\"{id}\"", dom, StringComparison.Ordinal);
        }

        Assert.Contains("p2", dom, StringComparison.Ordinal); // the failing case is listed
        Assert.DoesNotContain(CanaryEmail, dom, StringComparison.Ordinal);
        Assert.DoesNotContain("Uncaught", log, StringComparison.Ordinal);
        Assert.DoesNotContain("CONSOLE(", log, StringComparison.Ordinal);
        Reporting.ReportCommandTests.RunChromium(chromium, "--screenshot=" + screenshot, "--window-size=1200,2400", new Uri(html).AbsoluteUri);
        Assert.True(File.Exists(screenshot) && new FileInfo(screenshot).Length > 10_000, "no screenshot written");
    }

    [Theory]
    [InlineData("""{"datasets":[{"name":"x","kind":"pii","path":"pii.jsonl","thresholds":[{"metric":"nDCG","min":1}]}]}""")]
    [InlineData("""{"datasets":[{"name":"x","kind":"pii","path":"absent.jsonl"}]}""")]
    [InlineData("""{"datasets":[{"name":"x","kind":"nonsense","path":"pii.jsonl"}]}""")]
    [InlineData("""{"datasets":[]}""")]
    [InlineData("""{"datasets":[""")]
    public async Task Eval_BadSuite_ExitsTwo(string suiteJson)
    {
        (int exit, string err) = await RunAsync(Write("bad.json", suiteJson));

        Assert.Equal(2, exit);
        Assert.StartsWith("compliant: ", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_Rerun_ReplaysCachedResponsesExactlyAndChangedPromptMisses()
    {
        string suite = Suite(string.Empty);
        string cache = Path.Combine(_dir.FullName, "cache");

        Assert.Equal(0, (await RunAsync(suite, "--cache", cache)).Exit);
        string[] first = Directory.GetFiles(cache);
        string firstReport = Cases(Out("report.json"));
        Assert.NotEmpty(first);
        Dictionary<string, string> stored = first.ToDictionary(f => f, File.ReadAllText);

        Assert.Equal(0, (await RunAsync(suite, "--cache", cache)).Exit);
        Assert.Equal(first.Order(), Directory.GetFiles(cache).Order());
        Assert.All(stored, kv => Assert.Equal(kv.Value, File.ReadAllText(kv.Key)));
        Assert.Equal(firstReport, Cases(Out("report.json")));

        // The cache holds redacted traffic only: the canary e-mail of the question never reaches it.
        Assert.All(Directory.GetFiles(cache), f => Assert.DoesNotContain("zq.canary7", File.ReadAllText(f), StringComparison.Ordinal));

        // A changed prompt is another request: a new entry.
        string qa = File.ReadAllText(Path.Combine(_dir.FullName, "qa.jsonl")).Replace("How many days", "Within how many days", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_dir.FullName, "qa.jsonl"), qa);
        Assert.Equal(0, (await RunAsync(suite, "--cache", cache)).Exit);
        Assert.True(Directory.GetFiles(cache).Length > first.Length);
    }

    private string PromptConfig(string secondGroundingVersion) => Write("appsettings.json", JsonSerializer.Serialize(new
    {
        Compliant = new
        {
            Prompts = new
            {
                Templates = new Dictionary<string, object>
                {
                    ["grounding"] = new
                    {
                        Active = "g1",
                        Versions = new Dictionary<string, string>
                        {
                            ["g1"] = "Answer only from these sources and cite them:\n{sources}",
                            ["g2"] = secondGroundingVersion,
                        },
                    },
                },
            },
        },
    }));

    [Fact]
    public async Task Eval_CompareEquivalentVersions_BothRunDeltasZeroAndEachVersionMissesTheOthersCache()
    {
        string suite = Suite(string.Empty, """{"metric":"refusalRate","min":1}""");
        string config = PromptConfig("Sources for this question (quote them, cite [S1]):\n{sources}");
        string cache = Path.Combine(_dir.FullName, "cache");

        (int exit, string err) = await RunAsync(suite, "--config", config, "--cache", cache, "--compare", "grounding=g1,g2");

        Assert.True(exit == 0, err);
        Assert.Contains("prompt 'grounding': g1 -> g2", err, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dir.FullName, "out", "g1", "report.json")));
        using JsonDocument after = JsonDocument.Parse(Out("g2/report.json"));
        Assert.EndsWith(Path.Combine("g1", "report.json"), after.RootElement.GetProperty("baseline").GetString(), StringComparison.Ordinal);
        using JsonDocument compare = JsonDocument.Parse(Out("compare.json"));
        JsonElement[] metrics = [.. compare.RootElement.GetProperty("metrics").EnumerateArray()];
        Assert.Contains(metrics, m => m.GetProperty("metric").GetString() == "answerRate");
        Assert.All(metrics.Where(m => m.GetProperty("delta").ValueKind == JsonValueKind.Number && m.GetProperty("metric").GetString()!.EndsWith("Rate", StringComparison.Ordinal)), m => Assert.Equal(0, m.GetProperty("delta").GetDouble()));

        // The grounding text is part of every answerable request: each version has its own cache entries.
        int afterCompare = Directory.GetFiles(cache).Length;
        Assert.Equal(0, (await RunAsync(suite, "--config", config, "--cache", cache)).Exit);
        Assert.Equal(afterCompare, Directory.GetFiles(cache).Length); // the active version g1 replays from the cache
        Assert.True(afterCompare >= 2, "each version stores its own responses");
    }

    [Fact]
    public async Task Eval_CompareCandidateBlowsTheTokenBudget_ExitsOneAndReportsBoth()
    {
        // A realistic bad prompt edit: the candidate pads every grounded request with a long preamble.
        string suite = Suite(string.Empty, """{"metric":"tokens.p95","max":140}""");
        string preamble = string.Concat(Enumerable.Repeat("Read every source with care before you answer the question. ", 12));
        string config = PromptConfig(preamble + "\n{sources}");

        (int exit, string err) = await RunAsync(suite, "--config", config, "--no-cache", "--compare", "grounding=g1,g2");

        Assert.True(exit == 1, err);
        Assert.Contains("FAIL tokens.p95", err, StringComparison.Ordinal);
        using JsonDocument compare = JsonDocument.Parse(Out("compare.json"));
        Assert.True(compare.RootElement.GetProperty("baselinePassed").GetBoolean());
        Assert.False(compare.RootElement.GetProperty("candidatePassed").GetBoolean());
        JsonElement tokens = compare.RootElement.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("dataset").GetString() == "qa" && m.GetProperty("metric").GetString() == "tokens.p95");
        Assert.True(tokens.GetProperty("delta").GetDouble() > 50);
    }

    [Theory]
    [InlineData("grounding")]
    [InlineData("grounding=g1")]
    [InlineData("grounding=g1,g1")]
    [InlineData("grounding=g1,g9")]
    [InlineData("reask=g1,g2")]
    public async Task Eval_CompareBadValue_ExitsTwo(string value)
    {
        string suite = Suite(string.Empty);
        string config = PromptConfig("Sources:\n{sources}");

        (int exit, string err) = await RunAsync(suite, "--config", config, "--compare", value);

        Assert.Equal(2, exit);
        Assert.Contains("--compare", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_Reports_NeverShowCanaryUnredacted()
    {
        string suite = Suite("""{"metric":"recall","min":1,"rule":"everyCase"}""", """{"metric":"answerRate","min":1.5}""");

        (int exit, string err) = await RunAsync(suite, "--no-cache");

        Assert.Equal(1, exit);
        foreach (string output in new[] { Out("report.json"), Out("junit.xml"), Out("report.html"), err })
        {
            Assert.DoesNotContain("zq.canary7", output, StringComparison.Ordinal);
        }

        Assert.Contains("EMAIL_ADDRESS", Out("report.html"), StringComparison.Ordinal);
    }

    private static string Cases(string reportJson)
    {
        using JsonDocument doc = JsonDocument.Parse(reportJson);
        return string.Join("|", doc.RootElement.GetProperty("datasets").EnumerateArray()
            .SelectMany(d => d.GetProperty("cases").EnumerateArray())
            .Select(c => c.GetProperty("id").GetString() + ":" + c.GetProperty("verdict").GetString()))
            + string.Join("|", doc.RootElement.GetProperty("datasets").EnumerateArray().SelectMany(d => d.GetProperty("metrics").EnumerateArray())
                .Where(m => !m.GetProperty("name").GetString()!.StartsWith("latency", StringComparison.Ordinal))
                .Select(m => m.GetProperty("name").GetString() + "=" + m.GetProperty("value")));
    }
}
