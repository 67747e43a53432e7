using System.Text.Json;
using Compliant.AI.Internal;
using Compliant.AI.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Compliant.AI.Tests.Cascade;

public sealed class CascadeChatClientTests
{
    private const string Big = "big-model";
    private static readonly JsonElement Schema = JsonDocument.Parse("""
        {"type":"object","required":["category","confidence"],"additionalProperties":false,
         "properties":{"category":{"enum":["card_arrival","lost_or_stolen_card"]},"confidence":{"type":"number","minimum":0,"maximum":1}}}
        """).RootElement.Clone();

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero));

    private static ChatOptions Request(string tenant = "team-a") =>
        new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(Schema, "triage"), MaxOutputTokens = 50 }
            .WithCaller(new CallerContext("user-1", tenantId: tenant));

    private static TestChatClient Answering(string text, string model = "small-model")
    {
        TestChatClient client = TestChatClient.Answering(text);
        client.Metadata = new ChatClientMetadata("test", null, model);
        return client;
    }

    private static TestChatClient Failing(Exception error)
    {
        var client = new TestChatClient();
        client.GetResponseAsyncCallback = (_, _, _) => Task.FromException<ChatResponse>(error);
        client.GetStreamingResponseAsyncCallback = (_, _, _) => Throwing(error);
        return client;

        static async IAsyncEnumerable<ChatResponseUpdate> Throwing(Exception error)
        {
            await Task.Yield();
            throw error;
#pragma warning disable CS0162 // Unreachable code: the iterator needs a yield.
            yield break;
#pragma warning restore CS0162
        }
    }

    private static AuditScope NewScope() => AuditScope.Current = new AuditScope(new AuditRecord());

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_ConfidentPrimary_AnswersFromPrimaryWithoutCallingTheLargerModel(bool streaming)
    {
        TestChatClient primary = Answering("""{"category":"card_arrival","confidence":0.93}""");
        TestChatClient escalation = Answering("""{"category":"lost_or_stolen_card","confidence":0.99}""", Big);
        using var cascade = new CascadeChatClient(primary, escalation, new CascadeOptions { MinimumConfidence = 0.7 });
        AuditScope scope = NewScope();

        ChatResponse response = await cascade.GetResponseAsync(streaming, "where is my card", Request());

        Assert.Contains("card_arrival", response.Text, StringComparison.Ordinal);
        Assert.Empty(escalation.Calls);
        AuditVerdict verdict = Assert.Single(scope.Record.Verdicts, v => v.Stage == "cascade");
        Assert.Equal(AuditDecision.Allow, verdict.Decision);
        Assert.Equal("primary", verdict.Details!["tier"]);
        Assert.Equal(1, scope.Record.Counters["cascade.requests"]);
        Assert.False(scope.Record.Counters.ContainsKey("cascade.escalations"));
    }

    [Theory]
    [InlineData(false, """{"category":"card_arrival","confidence":0.41}""", "low_confidence")]
    [InlineData(true, """{"category":"card_arrival","confidence":0.41}""", "low_confidence")]
    [InlineData(false, """{"category":"not_approved","confidence":0.99}""", "schema_failure")]
    [InlineData(true, """{"category":"not_approved","confidence":0.99}""", "schema_failure")]
    [InlineData(false, """{"category":"card_arrival","confidence":1.5}""", "schema_failure")]
    [InlineData(false, """{"category":"card_arrival","confidence":0.99""", "schema_failure")]
    [InlineData(true, """Sure! {"category":"card_arrival","confidence":0.99}""", "schema_failure")]
    [InlineData(false, """{"category":"card_arrival"}""", "schema_failure")]
    public async Task GetResponse_PrimaryAnswerNotGoodEnough_EscalatesWithTheReason(bool streaming, string primaryAnswer, string reason)
    {
        TestChatClient primary = Answering(primaryAnswer);
        TestChatClient escalation = Answering("""{"category":"lost_or_stolen_card","confidence":0.99}""", Big);
        using var cascade = new CascadeChatClient(primary, escalation, new CascadeOptions { MinimumConfidence = 0.7 });
        AuditScope scope = NewScope();

        ChatResponse response = await cascade.GetResponseAsync(streaming, "my card", Request());

        Assert.Equal("""{"category":"lost_or_stolen_card","confidence":0.99}""", response.Text);
        Assert.Single(escalation.Calls);
        AuditVerdict verdict = Assert.Single(scope.Record.Verdicts, v => v.Stage == "cascade");
        Assert.Equal(AuditDecision.Modify, verdict.Decision);
        Assert.Equal(reason, verdict.Reason);
        Assert.Equal("escalation", verdict.Details!["tier"]);
        Assert.Equal(1, scope.Record.Counters["cascade.escalations"]);
        Assert.Equal(1, scope.Record.Counters[$"cascade.escalations.{reason}"]);
    }

    [Theory]
    [InlineData(false, true, "confidence_missing")]
    [InlineData(true, true, "confidence_missing")]
    [InlineData(false, false, "confident")]
    [InlineData(true, false, "confident")]
    public async Task GetResponse_NoSchemaNoConfidence_FollowsEscalateWhenConfidenceMissing(bool streaming, bool escalateWhenMissing, string reason)
    {
        TestChatClient primary = Answering("a plain answer");
        TestChatClient escalation = Answering("the larger model's answer", Big);
        using var cascade = new CascadeChatClient(primary, escalation, new CascadeOptions { EscalateWhenConfidenceMissing = escalateWhenMissing });
        AuditScope scope = NewScope();

        ChatResponse response = await cascade.GetResponseAsync(streaming, "hello", new ChatOptions());

        Assert.Equal(escalateWhenMissing ? "the larger model's answer" : "a plain answer", response.Text);
        Assert.Equal(reason, Assert.Single(scope.Record.Verdicts).Reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_ConfidenceInAdditionalProperties_IsReadBeforeTheText(bool streaming)
    {
        var primary = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "plain"))
            {
                AdditionalProperties = new() { ["confidence"] = 0.2 },
            }),
            GetStreamingResponseAsyncCallback = (_, _, _) => new[] { new ChatResponseUpdate(ChatRole.Assistant, "plain") { AdditionalProperties = new() { ["confidence"] = 0.2 } } }.ToAsyncEnumerable(),
        };
        TestChatClient escalation = Answering("escalated", Big);
        using var cascade = new CascadeChatClient(primary, escalation, new CascadeOptions { MinimumConfidence = 0.5 });

        ChatResponse response = await cascade.GetResponseAsync(streaming, "hello", new ChatOptions());

        Assert.Equal("escalated", response.Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_PrimaryFails_Escalates(bool streaming)
    {
        TestChatClient primary = Failing(new HttpRequestException("boom"));
        TestChatClient escalation = Answering("""{"category":"card_arrival","confidence":0.9}""", Big);
        using var cascade = new CascadeChatClient(primary, escalation);
        AuditScope scope = NewScope();

        ChatResponse response = await cascade.GetResponseAsync(streaming, "x", Request());

        Assert.Contains("card_arrival", response.Text, StringComparison.Ordinal);
        Assert.Equal("primary_failure", Assert.Single(scope.Record.Verdicts).Reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_PrimaryFailsAndEscalationOnFailureOff_Propagates(bool streaming)
    {
        TestChatClient escalation = Answering("unused", Big);
        using var cascade = new CascadeChatClient(Failing(new HttpRequestException("boom")), escalation, new CascadeOptions { EscalateOnPrimaryFailure = false });

        await Assert.ThrowsAsync<HttpRequestException>(() => cascade.GetResponseAsync(streaming, "x", Request()));
        Assert.Empty(escalation.Calls);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_CallerCancels_DoesNotEscalate(bool streaming)
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        TestChatClient escalation = Answering("unused", Big);
        using var cascade = new CascadeChatClient(Failing(new OperationCanceledException(cts.Token)), escalation);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cascade.GetResponseAsync(streaming, "x", Request(), cts.Token));
        Assert.Empty(escalation.Calls);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_PerTeamRateLimitOnTheLargerModel_KeepsThePrimaryAnswerForThatTeamOnly(bool streaming)
    {
        // The larger model sits behind the budgets stage: one escalation per team per hour.
        var costs = new CostControlOptions { RateLimitPermitsPerWindow = 1, RateLimitWindow = TimeSpan.FromHours(1) };
        costs.Prices[Big] = new ModelPrice { InputPerMillionTokens = 10m, OutputPerMillionTokens = 30m };
        using var big = new CostControlChatClient(Answering("""{"category":"lost_or_stolen_card","confidence":0.99}""", Big), costs, timeProvider: _time);
        TestChatClient primary = Answering("""{"category":"card_arrival","confidence":0.3}""");
        using var cascade = new CascadeChatClient(primary, big, new CascadeOptions { MinimumConfidence = 0.7 });

        AuditScope first = NewScope();
        ChatResponse a1 = await cascade.GetResponseAsync(streaming, "1", Request("team-a"));
        AuditScope second = NewScope();
        ChatResponse a2 = await cascade.GetResponseAsync(streaming, "2", Request("team-a"));
        AuditScope third = NewScope();
        ChatResponse b1 = await cascade.GetResponseAsync(streaming, "3", Request("team-b"));

        Assert.Contains("lost_or_stolen_card", a1.Text, StringComparison.Ordinal);
        Assert.True(first.Record.Cost > 0, "the escalation is priced on the team's record");
        Assert.Contains("card_arrival", a2.Text, StringComparison.Ordinal);
        AuditVerdict refused = Assert.Single(second.Record.Verdicts, v => v.Stage == "cascade");
        Assert.Equal("escalation_refused", refused.Reason);
        Assert.Equal("low_confidence", refused.Details!["escalation_reason"]);
        Assert.Equal(1, second.Record.Counters["cascade.escalation_refused"]);
        Assert.Contains("lost_or_stolen_card", b1.Text, StringComparison.Ordinal);
        Assert.Equal("escalation", Assert.Single(third.Record.Verdicts, v => v.Stage == "cascade").Details!["tier"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_EscalationRefusedAfterSchemaFailure_PropagatesTheRefusal(bool streaming)
    {
        // An answer that failed the schema is never returned, even when the escalation is refused.
        TestChatClient primary = Answering("""{"category":"invented","confidence":0.99}""");
        using var cascade = new CascadeChatClient(primary, Failing(new BudgetExceededException("over budget")));

        await Assert.ThrowsAsync<BudgetExceededException>(() => cascade.GetResponseAsync(streaming, "x", Request()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_EscalationRefusedAndKeepOff_PropagatesTheRefusal(bool streaming)
    {
        TestChatClient primary = Answering("""{"category":"card_arrival","confidence":0.2}""");
        using var cascade = new CascadeChatClient(primary, Failing(new RateLimitExceededException("limited")), new CascadeOptions { KeepPrimaryAnswerWhenEscalationRefused = false });

        await Assert.ThrowsAsync<RateLimitExceededException>(() => cascade.GetResponseAsync(streaming, "x", Request()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_EscalationFailsWithAnotherError_Propagates(bool streaming)
    {
        TestChatClient primary = Answering("""{"category":"card_arrival","confidence":0.2}""");
        using var cascade = new CascadeChatClient(primary, Failing(new HttpRequestException("down")));

        await Assert.ThrowsAsync<HttpRequestException>(() => cascade.GetResponseAsync(streaming, "x", Request()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_Metrics_CountEachRequestByTierReasonAndTenant(bool streaming)
    {
        using var collector = new MetricCollector<long>(CompliantTelemetry.Meter, CompliantTelemetry.Cascade.RequestsName);
        TestChatClient escalation = Answering("""{"category":"lost_or_stolen_card","confidence":0.99}""", Big);
        using var confident = new CascadeChatClient(Answering("""{"category":"card_arrival","confidence":0.95}"""), escalation);
        using var unsure = new CascadeChatClient(Answering("""{"category":"card_arrival","confidence":0.05}"""), escalation);

        await confident.GetResponseAsync(streaming, "1", Request("team-metrics-a"));
        await unsure.GetResponseAsync(streaming, "2", Request("team-metrics-b"));

        var mine = collector.GetMeasurementSnapshot().Where(m => m.Tags[CompliantTelemetry.Tags.TenantId] is "team-metrics-a" or "team-metrics-b").ToList();
        Assert.Contains(mine, m => (string?)m.Tags[CompliantTelemetry.Tags.TenantId] == "team-metrics-a" && (string?)m.Tags[CompliantTelemetry.Cascade.TierTag] == "primary" && (string?)m.Tags[CompliantTelemetry.Cascade.ReasonTag] == "confident");
        Assert.Contains(mine, m => (string?)m.Tags[CompliantTelemetry.Tags.TenantId] == "team-metrics-b" && (string?)m.Tags[CompliantTelemetry.Cascade.TierTag] == "escalation" && (string?)m.Tags[CompliantTelemetry.Cascade.ReasonTag] == "low_confidence");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UseCascade_InAnAuditedPipeline_RecordsTheTierOnTheTeamsRecord(bool streaming)
    {
        var sink = new TestAuditSink();
        TestChatClient escalation = Answering("""{"category":"lost_or_stolen_card","confidence":0.99}""", Big);
        IChatClient cascade = new ChatClientBuilder(Answering("""{"category":"card_arrival","confidence":0.1}"""))
            .UseCascade(escalation, o => o.MinimumConfidence = 0.6)
            .Build();
        using var pipeline = new AuditingChatClient(cascade, sink, TestKeys.Audit, new AuditingOptions(), timeProvider: _time);

        await pipeline.GetResponseAsync(streaming, "x", Request("payments"));

        AuditRecord record = sink.Only();
        Assert.Equal("payments", record.Caller.TenantId);
        Assert.Equal("escalation", Assert.Single(record.Verdicts, v => v.Stage == "cascade").Details!["tier"]);
        Assert.Equal(1, record.Counters["cascade.escalations.low_confidence"]);
    }

    [Fact]
    public void Constructor_BadArguments_Throw()
    {
        TestChatClient client = Answering("x");
        Assert.Throws<ArgumentNullException>(() => new CascadeChatClient(client, null!));
        Assert.Throws<ArgumentNullException>(() => new CascadeChatClient(null!, client));
        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => new CascadeChatClient(client, client, new CascadeOptions { MinimumConfidence = 1.5 }));
        Assert.Contains(nameof(CascadeOptions.MinimumConfidence), ex.Message, StringComparison.Ordinal);
    }
}
