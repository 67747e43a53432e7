using System.Diagnostics;
using System.Text.Json;
using Compliant.AI;
using IncidentSummarizer.Chaos;

namespace IncidentSummarizer.Tests;

/// <summary>
/// <c>summarize --chaos</c> (docs/playbook.md, "IncidentSummarizer"): each scenario runs a bundled incident through the
/// sample's real pipeline in-process (the same <see cref="IncidentApp.Create"/> the console uses, embedded model, file
/// ledger) in both call styles and checks the report and the audit records; two run the console for the exit code.
/// Nothing waits on a clock.
/// </summary>
public sealed class IncidentChaosTests : IDisposable
{
    private const string Incident = "01-payments-bad-deploy";
    private readonly string _data = TestData.NewDataDirectory();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Injection_PlantedEvent_DroppedByGuardrailsAuditedAndNothingRunsWithoutApproval(bool streaming)
    {
        IncidentReport report;
        IReadOnlyList<ProposedAction> actions;
        IReadOnlyList<ExecutedAction> executed;
        await using (IncidentApp app = IncidentApp.Create(_data, chaos: new IncidentChaos(IncidentChaosScenario.Injection)))
        {
            report = await app.SummarizeAsync(Incident, TestData.Bundled(Incident), streaming);
            actions = await app.ProposeActionsAsync(report, ApprovalPolicy.DenyAll, "erin");
            executed = app.Tools.Executed.ToArray();
        }

        // The planted event stays in the timeline (it is what the incident recorded) ...
        Assert.Contains(report.Timeline, e => e.Id == IncidentChaos.PlantedEventId);

        // ... but the guardrails dropped it before grounding rendered the sources: the summary is the one without chaos.
        Assert.True(report.Grounded, report.RefusalReason);
        Assert.Equal(["e03", "e06", "e13", "e14"], report.Summary.SelectMany(s => s.Cites));
        Assert.All(report.Summary, s =>
        {
            Assert.DoesNotContain("instructions", s.Text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("exfil", s.Text, StringComparison.OrdinalIgnoreCase);
        });
        Assert.Equal("e03", report.RootCause?.EventId);

        // The planner saw a digest, not the text: the rollback of e03 and a page, no restart "on all hosts"; nothing ran.
        Assert.Equal([RemediationTools.RollbackDeployName, RemediationTools.PageOnCallName], actions.Select(a => a.Tool));
        Assert.All(actions, a => Assert.Equal("denied", a.Decision));
        Assert.All(actions, a => Assert.False(a.Executed));
        Assert.Empty(executed);

        // Audit: one guardrails verdict naming the dropped event (never its text), then the grounded summary; every
        // proposal requested and denied; no remediation verdict.
        JsonElement summary = Records()[0];
        Assert.Equal(["guardrails Modify prompt_injection.document.drop", "grounding Allow grounded"], Verdicts(summary));
        JsonElement verdict = summary.GetProperty("verdicts").EnumerateArray().First(v => v.GetProperty("stage").GetString() == "guardrails");
        Assert.Equal(IncidentChaos.PlantedEventId, verdict.GetProperty("details").GetProperty("flagged_chunks").GetString());
        JsonElement counters = summary.GetProperty("counters");
        Assert.Equal(16, counters.GetProperty("guardrails.document.checked").GetInt64());
        Assert.Equal(1, counters.GetProperty("guardrails.document.flagged").GetInt64());
        Assert.Equal(15, counters.GetProperty("grounding.sources").GetInt64());
        Assert.DoesNotContain("exfil.example", summary.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["requested", "requested"], TestData.Verdicts(_data, "tool_approval").Where(v => v.GetProperty("decision").GetString() == "Modify").Select(v => v.GetProperty("reason").GetString()));
        Assert.Equal(["denied", "denied"], TestData.Verdicts(_data, "tool_approval").Where(v => v.GetProperty("decision").GetString() != "Modify").Select(v => v.GetProperty("reason").GetString()));
        Assert.Empty(TestData.Verdicts(_data, "remediation"));
    }

    [Fact]
    public async Task Console_Injection_PlantedEventDroppedSummaryUnchangedExitZero()
    {
        (int exit, string stdout, string stderr) = await RunAsync("summarize", "--input", Path.Combine(TestData.IncidentsDirectory, Incident + ".jsonl"), "--chaos", "injection", "--deny-all", "--json");

        Assert.True(exit == 0, stderr);
        JsonElement report = JsonDocument.Parse(stdout).RootElement;
        Assert.True(report.GetProperty("grounded").GetBoolean());
        Assert.DoesNotContain(IncidentChaos.PlantedEventId, report.GetProperty("summary").GetRawText(), StringComparison.Ordinal);

        // The operator's log line names the event, the score and the signals, never the text.
        Assert.Contains("Prompt injection suspected", stderr, StringComparison.Ordinal);
        Assert.Contains("chunk " + IncidentChaos.PlantedEventId, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("exfil.example", stderr, StringComparison.Ordinal);
        Assert.Empty(TestData.Verdicts(_data, "remediation"));
    }

    [Fact]
    public void Injection_PlantedEvent_SitsRightAfterTheFirstFailureAlert()
    {
        IReadOnlyList<IncidentEvent> events = new IncidentChaos(IncidentChaosScenario.Injection).PrepareInput(TestData.Bundled(Incident));

        int planted = events.ToList().FindIndex(e => e.Id == IncidentChaos.PlantedEventId);
        Assert.Equal("e06", events[planted - 1].Id);
        Assert.Equal("payments-api", events[planted].Source);
        Assert.Equal(16, events.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Hallucination_InventedSentenceCitingARealEvent_WholeSummaryRefusedAndAuditedBlocked(bool streaming)
    {
        IncidentReport report;
        await using (IncidentApp app = IncidentApp.Create(_data, chaos: new IncidentChaos(IncidentChaosScenario.Hallucination)))
        {
            report = await app.SummarizeAsync(Incident, TestData.Bundled(Incident), streaming);
        }

        Assert.False(report.Grounded);
        Assert.Empty(report.Summary);
        Assert.Equal(GroundingReasons.UnsupportedClaim, report.RefusalReason);
        Assert.Equal("e03", report.RootCause?.EventId); // the heuristic's suspect does not come from the model

        JsonElement record = Assert.Single(Records());
        Assert.Equal("Blocked", record.GetProperty("outcome").GetString());
        Assert.Equal(["grounding Deny unsupported_claim"], Verdicts(record));
        Assert.Equal(1, record.GetProperty("counters").GetProperty("grounding.unsupported_claims").GetInt64());
    }

    [Fact]
    public async Task Console_Hallucination_RefusedSummaryExitsOneAndNothingRunsWithoutApproval()
    {
        (int exit, string stdout, string stderr) = await RunAsync("summarize", "--input", Path.Combine(TestData.IncidentsDirectory, Incident + ".jsonl"), "--chaos", "hallucination", "--json");

        Assert.True(exit == 1, stderr);
        JsonElement report = JsonDocument.Parse(stdout).RootElement;
        Assert.False(report.GetProperty("grounded").GetBoolean());
        Assert.Equal("unsupported_claim", report.GetProperty("refusal_reason").GetString());
        Assert.DoesNotContain("cosmic", stdout, StringComparison.OrdinalIgnoreCase);
        Assert.All(report.GetProperty("actions").EnumerateArray(), a => Assert.False(a.GetProperty("executed").GetBoolean()));
        Assert.Empty(TestData.Verdicts(_data, "remediation"));
    }

    [Fact]
    public async Task Console_UnknownScenario_ExitCode2NamingTheChoices()
    {
        (int exit, _, string stderr) = await RunAsync("summarize", "--input", Path.Combine(TestData.IncidentsDirectory, Incident + ".jsonl"), "--chaos", "meteor");

        Assert.Equal(2, exit);
        Assert.Contains("injection, hallucination", stderr, StringComparison.Ordinal);
        Assert.Empty(TestData.AuditLines(_data));
    }

    [Fact]
    public void Parse_AcceptsEveryNameAndRejectsOthers()
    {
        Assert.Equal([IncidentChaosScenario.Injection, IncidentChaosScenario.Hallucination], IncidentChaos.Names.Select(IncidentChaos.Parse));
        Assert.Throws<IncidentConfigurationException>(() => IncidentChaos.Parse("meteor"));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private JsonElement[] Records() =>
        TestData.AuditLines(_data)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.TryGetProperty("rec", out _))
            .Select(e => e.GetProperty("rec").Clone())
            .ToArray();

    private static string[] Verdicts(JsonElement record) =>
        record.GetProperty("verdicts").EnumerateArray().Select(v => $"{v.GetProperty("stage").GetString()} {v.GetProperty("decision").GetString()} {v.GetProperty("reason").GetString()}").ToArray();

    private async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "IncidentSummarizer.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("--data-dir");
        start.ArgumentList.Add(_data);
        start.Environment.Remove("COMPLIANT_AUDIT_KEY");
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
