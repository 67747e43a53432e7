using System.Text.Json;
using Compliant.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using PolicyAssistant.Chaos;
using Polly.Timeout;

namespace PolicyAssistant.Tests;

/// <summary>
/// The degradation playbook (docs/playbook.md), scenario by scenario: each composes the sample's real pipeline
/// in-process (the same <see cref="AssistantApp.CreateAsync(string, IConfiguration, string?, bool, CancellationToken, ChaosMode?)"/>
/// the console uses, with the bundled policies, BM25, the extractive model and a file ledger), injects one fault, and
/// checks what the playbook says the pipeline does and what the operator finds in the ledger. Both call styles.
/// </summary>
public sealed class ChaosTests : IDisposable
{
    private const string Question = "How long must audit logs be retained?";
    private const string CannotAnswer = "I cannot answer that from the approved sources.";
    private static readonly CallerContext Caller = new("chaos-test", [], tenantId: "policy-assistant", purposeOfUse: "OPERATIONS");

    private readonly string _data = Path.Combine(Path.GetTempPath(), "policy-assistant-chaos-" + Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task NoChaos_Baseline_AnswersSixYearsWithCitation(bool streaming)
    {
        AskResult result = await AskAsync(null, streaming);

        Assert.False(result.Refused);
        Assert.Contains("six years", result.Answer, StringComparison.Ordinal);
        Assert.Equal("audit-log-retention", Assert.Single(result.Citations).DocumentId);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BadRetrieval_IrrelevantPassages_ModelDeclinesAndGroundingRefuses(bool streaming)
    {
        AskResult result = await AskAsync(new ChaosMode(ChaosScenario.BadRetrieval), streaming);

        Assert.True(result.Refused);
        Assert.Equal(GroundingReasons.ModelDeclined, result.Reason);
        Assert.Equal(CannotAnswer, result.Answer);
        Assert.All(result.Retrieval!.Passages, p => Assert.Equal("password-policy", p.DocumentId));
        JsonElement record = Assert.Single(await LedgerAsync());
        Assert.Equal("Blocked", record.GetProperty("outcome").GetString());
        Assert.Contains(Verdicts(record), v => v == "grounding Deny model_declined");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Injection_PlantedInstructionsInTopPassage_PassageDroppedAndNothingOfItReachesTheAnswer(bool streaming)
    {
        AskResult result = await AskAsync(new ChaosMode(ChaosScenario.Injection), streaming);

        Assert.DoesNotContain("attacker.example", result.Answer, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("password", result.Answer, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("maintenance", result.Answer, StringComparison.OrdinalIgnoreCase);

        // The poisoned passage (the one that says "six years") was dropped: the answer grounds on the other three.
        Assert.DoesNotContain(result.Retrieval!.Passages, p => p.ChunkId.StartsWith("audit-log-retention#2-", StringComparison.Ordinal));
        Assert.Equal(3, result.Retrieval.Passages.Count);
        Assert.DoesNotContain("six years", result.Answer, StringComparison.Ordinal);
        Assert.All(result.Citations, c => Assert.Equal("audit-log-retention", c.DocumentId));
        JsonElement record = Assert.Single(await LedgerAsync());
        Assert.Contains(Verdicts(record), v => v == "guardrails Modify prompt_injection.document.drop");
        Assert.Equal(1, Counter(record, "guardrails.document.flagged"));
        Assert.Equal(1, Counter(record, "guardrails.signal.instruction_override"));

        // The verdict names the poisoned passage, so the operator can find the page from the ledger.
        JsonElement details = record.GetProperty("verdicts").EnumerateArray().Single(v => v.GetProperty("stage").GetString() == "guardrails").GetProperty("details");
        Assert.Equal("audit-log-retention", details.GetProperty("flagged_documents").GetString());
        Assert.StartsWith("audit-log-retention#2-", details.GetProperty("flagged_chunks").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("attacker.example", record.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Injection_SpotlightingOff_PassageDroppedAndTheRestDoesNotAnswer(bool streaming)
    {
        AskResult result = await AskAsync(new ChaosMode(ChaosScenario.Injection), streaming, settings: new() { ["Compliant:Guardrails:SpotlightPassages"] = "false" });

        Assert.True(result.Refused);
        Assert.Equal(GroundingReasons.ModelDeclined, result.Reason);
        Assert.Equal(CannotAnswer, result.Answer);
        Assert.Contains(Verdicts(Assert.Single(await LedgerAsync())), v => v == "guardrails Modify prompt_injection.document.drop");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Injection_ExtractiveModelWithSpotlighting_AnswerHasNoDatamarks(bool streaming)
    {
        AskResult result = await AskAsync(new ChaosMode(ChaosScenario.Injection), streaming);

        Assert.DoesNotContain("^", result.Answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Injection_CleanBundledPassage_IsNotDropped(bool streaming)
    {
        AskResult result = await AskAsync(new ChaosMode(ChaosScenario.Injection), streaming, question: "What happens after a security incident is closed?");

        Assert.Contains(result.Retrieval!.Passages, p => p.ChunkId.StartsWith("incident-response#3-", StringComparison.Ordinal));
        Assert.Equal(1, Counter(Assert.Single(await LedgerAsync()), "guardrails.document.flagged"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Latency_EveryAttemptTooSlow_TypedTimeoutAfterTwoRetriesAndAudited(bool streaming)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => AskAsync(new ChaosMode(ChaosScenario.Latency, clock), streaming, clock));

        JsonElement record = Assert.Single(await LedgerAsync());

        // A provider that never answers in time is a failure, not a policy block, though the resilience stage says Deny.
        Assert.Equal("Failed", record.GetProperty("outcome").GetString());
        Assert.Equal("Polly.Timeout.TimeoutRejectedException", record.GetProperty("errorType").GetString());
        Assert.Contains(Verdicts(record), v => v == "resilience Deny timeout");
        Assert.Equal(2, Counter(record, "resilience.retries"));
        Assert.Equal(3, Counter(record, "resilience.timeouts.attempt"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Latency_OnlyFirstAttemptTooSlow_RetriedAndAnswered(bool streaming)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

        AskResult result = await AskAsync(new ChaosMode(ChaosScenario.Latency, clock) { SlowCalls = 1 }, streaming, clock);

        Assert.False(result.Refused);
        Assert.Contains("six years", result.Answer, StringComparison.Ordinal);
        JsonElement record = Assert.Single(await LedgerAsync());
        Assert.Equal("Succeeded", record.GetProperty("outcome").GetString());
        Assert.Equal(1, Counter(record, "resilience.retries"));
        Assert.Equal(1, Counter(record, "resilience.timeouts.attempt"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Latency_ProviderUnavailableOnceThenFast_RetriedAndAnswered(bool streaming)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

        AskResult result = await AskAsync(new ChaosMode(ChaosScenario.Latency, clock) { FailingCalls = 1, SlowCalls = 0 }, streaming, clock);

        Assert.False(result.Refused);
        Assert.Contains("six years", result.Answer, StringComparison.Ordinal);
        JsonElement record = Assert.Single(await LedgerAsync());
        Assert.Equal("Succeeded", record.GetProperty("outcome").GetString());
        Assert.Equal(1, Counter(record, "resilience.retries"));
        Assert.Equal(0, Counter(record, "resilience.timeouts.attempt"));
    }

    [Theory]
    [InlineData(false, HallucinationKind.CitedToRealSource, GroundingReasons.UnsupportedClaim)]
    [InlineData(true, HallucinationKind.CitedToRealSource, GroundingReasons.UnsupportedClaim)]
    [InlineData(false, HallucinationKind.Uncited, GroundingReasons.MissingCitation)]
    [InlineData(true, HallucinationKind.Uncited, GroundingReasons.MissingCitation)]
    public async Task Hallucination_InventedFact_WholeAnswerBlocked(bool streaming, HallucinationKind kind, string reason)
    {
        AskResult result = await AskAsync(new ChaosMode(ChaosScenario.Hallucination) { Hallucination = kind }, streaming);

        Assert.True(result.Refused);
        Assert.Equal(reason, result.Reason);
        Assert.Equal(CannotAnswer, result.Answer);
        Assert.DoesNotContain("30 days", result.Answer, StringComparison.Ordinal);
        Assert.Empty(result.Citations);
        JsonElement record = Assert.Single(await LedgerAsync());
        Assert.Equal("Blocked", record.GetProperty("outcome").GetString());
        Assert.Contains(Verdicts(record), v => v == "grounding Deny " + reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task InvalidJson_EveryAnswerCutOff_ReaskedTwiceThenTypedFailure(bool streaming)
    {
        StructuredOutputValidationException error = await Assert.ThrowsAsync<StructuredOutputValidationException>(() => AskAsync(new ChaosMode(ChaosScenario.InvalidJson), streaming));

        Assert.Equal(3, error.Attempts);
        Assert.Equal(JsonValidationFailureKind.InvalidJson, error.Failure);
        Assert.Equal("structured_output", error.Stage);
        Assert.Equal("attempts_exhausted", error.Reason);
        JsonElement record = Assert.Single(await LedgerAsync());
        Assert.Equal("Blocked", record.GetProperty("outcome").GetString());
        Assert.Equal(3, Verdicts(record).Count(v => v == "structured_output Deny invalid_json"));
        Assert.Contains(Verdicts(record), v => v == "structured_output Deny attempts_exhausted");
        Assert.Equal(3, Counter(record, "structured_output.attempts"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task InvalidJson_FirstAnswerCutOff_ReaskRepairsTheJsonThenGroundingRefusesTyped(bool streaming)
    {
        // The re-ask yields valid JSON, but the extractive model answered the corrective message, not the question, so
        // grounding refuses; a JSON request gets that refusal as a typed exception, never as plain text.
        GroundingRefusedException error = await Assert.ThrowsAsync<GroundingRefusedException>(
            () => AskAsync(new ChaosMode(ChaosScenario.InvalidJson) { InvalidJsonCalls = 1 }, streaming));

        Assert.True(error.Reason == GroundingReasons.ModelDeclined || GroundingReasons.IsCitationFailure(error.Reason), error.Reason);
        JsonElement record = Assert.Single(await LedgerAsync());
        Assert.Equal("Blocked", record.GetProperty("outcome").GetString());
        Assert.Equal(["structured_output Deny invalid_json", "structured_output Allow valid"], Verdicts(record).Where(v => v.StartsWith("structured_output", StringComparison.Ordinal)));
        Assert.Contains(Verdicts(record), v => v == "grounding Deny " + error.Reason);
        Assert.Equal(2, Counter(record, "structured_output.attempts"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task InvalidJson_ValidCitedJsonAnswer_PassesGrounding(bool streaming)
    {
        AskResult result = await AskAsync(new ChaosMode(ChaosScenario.InvalidJson) { InvalidJsonCalls = 0 }, streaming);

        Assert.False(result.Refused, result.Reason);
        Assert.Contains("six years", JsonDocument.Parse(result.Answer).RootElement.GetProperty("answer").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Budget_TinyDailyBudget_TypedRefusalBeforeTheModelIsCalled(bool streaming)
    {
        BudgetExceededException error = await Assert.ThrowsAsync<BudgetExceededException>(() => AskAsync(new ChaosMode(ChaosScenario.Budget), streaming));

        Assert.Equal("budget", error.Stage);
        Assert.Equal("budget_exceeded", error.Reason);
        Assert.Equal("day", error.Period);
        JsonElement record = Assert.Single(await LedgerAsync());
        Assert.Equal("Blocked", record.GetProperty("outcome").GetString());
        Assert.Contains(Verdicts(record), v => v == "budget Deny budget_exceeded");
        Assert.False(record.TryGetProperty("outputTokens", out _), "the model was never called");
    }

    [Fact]
    public void Parse_EveryDocumentedName_IsAScenario()
    {
        Assert.Equal(
            [ChaosScenario.BadRetrieval, ChaosScenario.Injection, ChaosScenario.Latency, ChaosScenario.Hallucination, ChaosScenario.InvalidJson, ChaosScenario.Budget],
            ChaosMode.Names.Select(ChaosMode.Parse));
        Assert.Throws<AssistantConfigurationException>(() => ChaosMode.Parse("meteor"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    /// <summary>Asks <paramref name="question"/> through the sample's pipeline with <paramref name="chaos"/> (and configuration <paramref name="settings"/>), then disposes the app (flushing the ledger).</summary>
    private async Task<AskResult> AskAsync(ChaosMode? chaos, bool streaming, FakeTimeProvider? clock = null, Dictionary<string, string?>? settings = null, string question = Question)
    {
        string root = SampleRoot();
        IConfiguration configuration = new ConfigurationBuilder()
            .SetBasePath(root)
            .AddJsonFile("appsettings.json")
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Compliant:Audit:Key"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
                ["Compliant:Audit:KeyId"] = "chaos-test",
            })
            .AddInMemoryCollection(settings ?? [])
            .Build();
        await using AssistantApp app = await AssistantApp.CreateAsync(root, configuration, _data, ingestOnFirstUse: true, CancellationToken.None, chaos);
        Task<AskResult> ask = streaming
            ? StreamAsync(app, question)
            : app.AskAsync(question, Caller, CancellationToken.None);
        if (clock is not null)
        {
            // Drive the fake clock until the ask ends: timeouts and backoff fire on it, never on the wall clock.
            for (int i = 0; !ask.IsCompleted; i++)
            {
                Assert.True(i < 1_000_000, "the ask did not end");
                clock.Advance(TimeSpan.FromMilliseconds(100));
                await Task.Yield();
                await Task.Delay(1);
            }
        }

        return await ask;
    }

    private static async Task<AskResult> StreamAsync(AssistantApp app, string question)
    {
        ChatResponse response = await app.ChatClient.GetStreamingResponseAsync(question, app.CreateOptions(Caller)).ToChatResponseAsync();
        return app.Describe(response, capture: null);
    }

    /// <summary>The audit records (the <c>rec</c> objects) of the asks, in ledger order.</summary>
    private async Task<List<JsonElement>> LedgerAsync()
    {
        var records = new List<JsonElement>();
        foreach (string file in Directory.EnumerateFiles(Path.Combine(_data, "audit"), "audit-*.jsonl").Order(StringComparer.Ordinal))
        {
            foreach (string line in await File.ReadAllLinesAsync(file))
            {
                JsonElement entry = JsonDocument.Parse(line).RootElement;
                if (entry.GetProperty("kind").GetString() == "record" && entry.GetProperty("rec").GetProperty("operation").GetString()!.StartsWith("chat", StringComparison.Ordinal))
                {
                    records.Add(entry.GetProperty("rec").Clone());
                }
            }
        }

        return records;
    }

    private static IEnumerable<string> Verdicts(JsonElement record) =>
        record.GetProperty("verdicts").EnumerateArray().Select(v => $"{v.GetProperty("stage").GetString()} {v.GetProperty("decision").GetString()} {v.GetProperty("reason").GetString()}");

    private static long Counter(JsonElement record, string name) =>
        record.GetProperty("counters").TryGetProperty(name, out JsonElement value) ? value.GetInt64() : 0;

    private static string SampleRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "samples", "PolicyAssistant");
            if (File.Exists(Path.Combine(candidate, "PolicyAssistant.csproj")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("samples/PolicyAssistant not found above the test output.");
    }
}
