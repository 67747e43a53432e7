using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static Compliant.AI.Tests.Grounding.GroundingFixtures;

namespace Compliant.AI.Tests.Grounding;

[CollectionDefinition(nameof(GroundingTelemetryGroup), DisableParallelization = true)]
public sealed class GroundingTelemetryGroup
{
}

/// <summary>What the grounding stage emits to logs, traces and metrics — and what it never emits.</summary>
[Collection(nameof(GroundingTelemetryGroup))]
public sealed class GroundingTelemetryTests : IDisposable
{
    private readonly List<Activity> _activities = [];
    private readonly ActivityListener _listener;
    private readonly FakeLogCollector _logs = new();

    public GroundingTelemetryTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Compliant.AI",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                lock (_activities)
                {
                    _activities.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    [Theory]
    [InlineData(false, GroundingStreamingMode.Enforce)]
    [InlineData(true, GroundingStreamingMode.Enforce)]
    [InlineData(true, GroundingStreamingMode.PassThrough)]
    public async Task RestrictedDocument_NeverReachesModelAnswerLogOrTraceForCallerWithoutAccess(bool streaming, GroundingStreamingMode mode)
    {
        // The model tries everything: it names the restricted document and repeats a guess of its content.
        const string Adversarial = "Executive salary bands are reviewed by the compensation committee [S1][S2][S3].";
        TestChatClient inner = TestChatClient.Answering(Adversarial);
        var logger = new FakeLogger<GroundingChatClient>(_logs);
        using var client = new GroundingChatClient(inner, Retriever(), new GroundingOptions { StreamingMode = mode }, logger: logger);
        var audit = new AuditScope(new AuditRecord());
        AuditScope.Current = audit;

        ChatResponse salaryOnly = await client.GetResponseAsync(streaming, "What are the executive salary bands?", new ChatOptions().WithCaller(Staff));
        ChatResponse mixed = await client.GetResponseAsync(streaming, "How long are audit logs retained and are salary bands reviewed?", new ChatOptions().WithCaller(Staff));

        AuditScope.Current = null;
        Assert.True(salaryOnly.GetGroundingResult()!.Refused);
        Assert.Equal(GroundingReasons.AccessDenied, salaryOnly.GetGroundingResult()!.Reason);
        Assert.Single(inner.Calls);

        string sentToModel = string.Join("\n", inner.Calls.SelectMany(c => c.Messages).Select(m => m.Text));
        string delivered = salaryOnly.Text + mixed.Text + string.Join("|", GroundingChatClientTests.Annotations(mixed).Select(a => a.Snippet + a.FileId + a.Title));
        string logged = string.Join("\n", _logs.GetSnapshot().Select(r => r.Message + " " + string.Join(",", r.StructuredState ?? [])));
        string traced;
        lock (_activities)
        {
            traced = string.Join("\n", _activities.SelectMany(a => a.TagObjects.Select(t => t.Key + "=" + Render(t.Value))));
        }

        string audited = string.Join("\n", audit.Record.Verdicts.Select(v => v.Reason + string.Join(",", v.Details ?? new Dictionary<string, string>()))) + string.Join(",", audit.Record.SourceIds);
        foreach (string channel in new[] { sentToModel, delivered, logged, traced, audited })
        {
            Assert.DoesNotContain(RestrictedMarker, channel, StringComparison.Ordinal);
            Assert.DoesNotContain("salary-bands", channel, StringComparison.Ordinal);
            Assert.DoesNotContain("reviewed every March", channel, StringComparison.Ordinal);
        }

        Assert.NotEmpty(logged);
        Assert.NotEmpty(traced);
        Assert.Equal(2, audit.Record.Counters["grounding.denied_passages"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Span_CarriesIdsCountsAndDecisionButNoText(bool streaming)
    {
        using var client = new GroundingChatClient(TestChatClient.Answering("Audit logs are retained for six years from the date of creation [S1]."), Retriever());

        await client.GetResponseAsync(streaming, "How long are audit logs retained?");

        Activity span;
        lock (_activities)
        {
            span = Assert.Single(_activities, a => a.OperationName == "compliant_ai.grounding");
        }

        Assert.Equal("answered", span.GetTagItem("compliant_ai.grounding.decision"));
        Assert.Equal(1, span.GetTagItem("compliant_ai.grounding.source_count"));
        Assert.Equal(1, span.GetTagItem("compliant_ai.grounding.citation_count"));
        Assert.Equal(new[] { "S1" }, span.GetTagItem("compliant_ai.grounding.cited_source_ids"));
        Assert.Equal(new[] { "audit-retention#0" }, span.GetTagItem("compliant_ai.grounding.cited_chunk_ids"));
        Assert.Equal("allow", span.GetTagItem("gen_ai.guardrail.decision"));
        Assert.All(span.TagObjects, t => Assert.DoesNotContain("six years", Render(t.Value), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_CountDecisionsCitationsAndUnsupportedClaims()
    {
        using var responses = new MetricCollector<long>(null, "Compliant.AI", "compliant_ai.grounding.responses");
        using var citations = new MetricCollector<long>(null, "Compliant.AI", "compliant_ai.grounding.citations");
        using var unsupported = new MetricCollector<long>(null, "Compliant.AI", "compliant_ai.grounding.unsupported_claims");
        using var grounded = new GroundingChatClient(TestChatClient.Answering("Audit logs are retained for six years from the date of creation [S1]."), Retriever());
        using var unrelated = new GroundingChatClient(TestChatClient.Answering("The cafeteria serves tacos every Friday afternoon [S1]."), Retriever());

        await grounded.GetResponseAsync("How long are audit logs retained?");
        await unrelated.GetResponseAsync("How long are audit logs retained?");
        await grounded.GetResponseAsync("What is on the cafeteria menu?");

        var decisions = responses.GetMeasurementSnapshot().Select(m => (string)m.Tags["compliant_ai.grounding.decision"]!).ToList();
        Assert.Equal(["answered", "blocked", "refused"], decisions);
        Assert.Equal([true, false, false], responses.GetMeasurementSnapshot().Select(m => (bool)m.Tags["compliant_ai.grounding.cited"]!));
        Assert.Equal(1, citations.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(1, unsupported.GetMeasurementSnapshot().Sum(m => m.Value));
    }

    [Fact]
    public async Task Logs_UseGroundingEventIdsAndNeverAnswerText()
    {
        var logger = new FakeLogger<GroundingChatClient>(_logs);
        using var client = new GroundingChatClient(TestChatClient.Answering("The cafeteria serves tacos every Friday afternoon [S1]."), Retriever(), logger: logger);

        await client.GetResponseAsync("How long are audit logs retained?");

        IReadOnlyList<FakeLogRecord> records = _logs.GetSnapshot();
        Assert.Contains(records, r => r.Id.Id == 1301 && r.Level == LogLevel.Warning);
        // The stage's own ids, and its decision through the one stage reporter (1010), under the same names as span and metric.
        Assert.All(records, r => Assert.True(r.Id.Id is >= 1300 and <= 1399 or 1010, $"event id {r.Id.Id}"));
        FakeLogRecord decision = Assert.Single(records, r => r.Id.Id == 1010);
        Assert.Contains("Stage grounding decided deny", decision.Message, StringComparison.Ordinal);
        Assert.All(records, r => Assert.DoesNotContain("tacos", r.Message, StringComparison.Ordinal));
        Assert.All(records, r => Assert.DoesNotContain("six years", r.Message, StringComparison.Ordinal));
    }

    private static string Render(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        System.Collections.IEnumerable e => string.Join(",", e.Cast<object?>()),
        _ => value.ToString() ?? string.Empty,
    };
}
