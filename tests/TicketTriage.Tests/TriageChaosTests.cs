using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using TicketTriage.Chaos;

namespace TicketTriage.Tests;

/// <summary>
/// <c>classify --chaos</c> (docs/playbook.md, "TicketTriage"): each scenario runs one ticket through the sample's real
/// pipeline in-process (the same <see cref="TriageApp.Create"/> the console uses, local model, file ledger) and checks
/// the result line and the audit record; two run the console itself for the output and exit code. The latency scenario
/// drives a FakeTimeProvider: nothing waits for a real timeout.
/// </summary>
public sealed class TriageChaosTests : IDisposable
{
    // The lexical head is sure of this ticket, so no test here loads MiniLM.
    private const string Text = "The ATM swallowed my card";
    private readonly SampleRunner _runner = new();

    [Fact]
    public async Task InvalidJson_FirstAnswerCutOff_ReaskedAndTheTicketClassified()
    {
        TriageResult result = await ClassifyAsync(new TriageChaos(TriageChaosScenario.InvalidJson));

        Assert.Null(result.Error);
        Assert.Equal("card_swallowed", result.Category);
        Assert.Equal(Text, result.Summary);
        JsonElement record = Assert.Single(Records());
        Assert.Equal(["structured_output Deny invalid_json", "structured_output Allow valid", "triage Allow auto"], Verdicts(record));
        Assert.Equal(2, Counter(record, "structured_output.attempts"));

        // The structured-output stage's last word is Allow: a repaired answer is not a blocked one.
        Assert.Equal("Succeeded", record.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task InvalidJson_EveryAnswerCutOff_TypedFailureAndTheTicketGoesToAPerson()
    {
        TriageResult result = await ClassifyAsync(new TriageChaos(TriageChaosScenario.InvalidJson) { InvalidAnswersPerTicket = int.MaxValue });

        Assert.Equal("StructuredOutputValidationException", result.Error);
        Assert.True(result.NeedsHuman);
        Assert.Null(result.Category);
        JsonElement record = Assert.Single(Records());
        Assert.Equal("Blocked", record.GetProperty("outcome").GetString());
        Assert.Equal("Compliant.AI.StructuredOutputValidationException", record.GetProperty("errorType").GetString());
        Assert.Equal(
            ["structured_output Deny invalid_json", "structured_output Deny invalid_json", "structured_output Deny invalid_json", "structured_output Deny attempts_exhausted"],
            Verdicts(record));
    }

    [Fact]
    public async Task Latency_EveryAttemptTooSlow_TypedTimeoutAfterTwoRetriesAndTheTicketGoesToAPerson()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

        TriageResult result = await ClassifyAsync(new TriageChaos(TriageChaosScenario.Latency, clock), clock);

        Assert.Equal("TimeoutRejectedException", result.Error);
        Assert.True(result.NeedsHuman);
        JsonElement record = Assert.Single(Records());

        // A provider failure, not a policy block: only typed refusals (ComplianceRejectedException) read Blocked.
        Assert.Equal("Failed", record.GetProperty("outcome").GetString());
        Assert.Equal("Polly.Timeout.TimeoutRejectedException", record.GetProperty("errorType").GetString());
        Assert.Equal(["resilience Deny timeout"], Verdicts(record));
        Assert.Equal(2, Counter(record, "resilience.retries"));
        Assert.Equal(3, Counter(record, "resilience.timeouts.attempt"));
    }

    [Fact]
    public async Task Budget_TinyDailyBudget_RefusedBeforeTheModelAndTheTicketGoesToAPerson()
    {
        TriageResult result = await ClassifyAsync(new TriageChaos(TriageChaosScenario.Budget));

        Assert.Equal("BudgetExceededException", result.Error);
        Assert.True(result.NeedsHuman);
        JsonElement record = Assert.Single(Records());
        Assert.Equal("Blocked", record.GetProperty("outcome").GetString());
        Assert.Equal("Compliant.AI.BudgetExceededException", record.GetProperty("errorType").GetString());
        Assert.Equal(["budget Deny budget_exceeded"], Verdicts(record));
        Assert.Equal("support", record.GetProperty("caller").GetProperty("tenantId").GetString());
    }

    [Fact]
    public async Task Console_BudgetOnAFile_EveryLineSaysSoAndExitsOne()
    {
        string input = _runner.WriteFile("two.jsonl", ["{\"id\":\"a\",\"text\":\"The ATM swallowed my card\"}", "{\"id\":\"b\",\"text\":\"What is the exchange rate for euros?\"}"]);

        (int exit, string stdout, string stderr) = await _runner.RunAsync(["classify", "--input", input, "--chaos", "budget"]);

        Assert.Equal(1, exit);
        JsonElement[] lines = TicketTriageEndToEndTests.ParseLines(stdout);
        Assert.Equal(["a", "b"], lines.Select(l => l.GetProperty("id").GetString()));
        Assert.All(lines, l => Assert.Equal("BudgetExceededException", l.GetProperty("error").GetString()));
        Assert.All(lines, l => Assert.True(l.GetProperty("needs_human").GetBoolean()));
        Assert.Contains("2 ticket(s) could not be classified", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Console_InvalidJsonOneTicket_ReaskedClassifiedAndExitsZero()
    {
        (int exit, string stdout, string stderr) = await _runner.RunAsync(["classify", Text, "--chaos", "invalid-json"]);

        Assert.True(exit == 0, stderr);
        Assert.Equal("card_swallowed", Assert.Single(TicketTriageEndToEndTests.ParseLines(stdout)).GetProperty("category").GetString());
    }

    [Fact]
    public async Task Console_UnknownScenario_ExitsNonZeroNamingTheChoices()
    {
        (int exit, string stdout, string stderr) = await _runner.RunAsync(["classify", Text, "--chaos", "meteor"]);

        Assert.NotEqual(0, exit);
        Assert.Contains("invalid-json", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("\"category\"", stdout, StringComparison.Ordinal); // no result line (stdout has the usage text)
        Assert.Empty(_runner.ReadAuditLines());
    }

    [Fact]
    public void Parse_AcceptsEveryNameAndRejectsOthers()
    {
        Assert.Equal([TriageChaosScenario.InvalidJson, TriageChaosScenario.Latency, TriageChaosScenario.Budget], TriageChaos.Names.Select(TriageChaos.Parse));
        Assert.Throws<TriageConfigurationException>(() => TriageChaos.Parse("meteor"));
    }

    public void Dispose() => _runner.Dispose();

    /// <summary>Classifies <see cref="Text"/> through the sample's pipeline with <paramref name="chaos"/>, then disposes the app (flushing the ledger).</summary>
    private async Task<TriageResult> ClassifyAsync(TriageChaos chaos, FakeTimeProvider? clock = null)
    {
        await using TriageApp app = TriageApp.Create(_runner.DataDirectory, chaos: chaos);
        Task<TriageResult> classify = app.ClassifyOneAsync(new Ticket("1", Text), CancellationToken.None);
        if (clock is not null)
        {
            // Drive the fake clock until the ticket ends: timeouts and backoff fire on it, never on the wall clock.
            for (int i = 0; !classify.IsCompleted; i++)
            {
                Assert.True(i < 1_000_000, "the ticket did not end");
                clock.Advance(TimeSpan.FromMilliseconds(100));
                await Task.Yield();
                await Task.Delay(1);
            }
        }

        return await classify;
    }

    private JsonElement[] Records() =>
        _runner.ReadAuditLines()
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("kind").GetString() == "record")
            .Select(e => e.GetProperty("rec").Clone())
            .ToArray();

    private static string[] Verdicts(JsonElement record) =>
        record.GetProperty("verdicts").EnumerateArray().Select(v => $"{v.GetProperty("stage").GetString()} {v.GetProperty("decision").GetString()} {v.GetProperty("reason").GetString()}").ToArray();

    private static long Counter(JsonElement record, string name) =>
        record.GetProperty("counters").TryGetProperty(name, out JsonElement value) ? value.GetInt64() : 0;
}
