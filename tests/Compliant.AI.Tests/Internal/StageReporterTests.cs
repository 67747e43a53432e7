using System.Diagnostics;
using System.Diagnostics.Metrics;
using Compliant.AI.Internal;
using Compliant.AI.Testing;
using Compliant.AI.Tests.PiiRedaction;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Tests.Internal;

/// <summary>
/// Each stage that reports through <see cref="StageReporter"/> makes a decision here, and the same stage and decision names
/// must appear in the span (attributes of the stage's span, or an event on the current span), in the
/// <c>compliant_ai.stage.decisions</c> metric and in the audit record, for both call styles. Other tests run in parallel on
/// the process-wide <c>Compliant.AI</c> source and meter, so spans and measurements are kept only when they belong to this
/// test's own trace (a root activity the test starts itself).
/// </summary>
public sealed class StageReporterTests
{
    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (string stage in new[] { "pii_redaction", "budget", "cascade" })
        {
            data.Add(stage, false);
            data.Add(stage, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Decision_AppearsWithTheSameNames_InSpanMetricAndAudit(string stage, bool streaming)
    {
        (IChatClient client, ChatOptions? options, string decision, string reason, bool throws) = Arrange(stage);
        var spans = new List<Activity>();
        var measurements = new List<Dictionary<string, object?>>();
        ActivityTraceId trace = default;

        using var activityListener = new ActivityListener
        {
            ShouldListenTo = static source => source.Name is CompliantTelemetry.SourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == trace)
                {
                    lock (spans)
                    {
                        spans.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(activityListener);

        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == CompliantTelemetry.SourceName && instrument.Name == StageReporter.DecisionsName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            // Measurements are recorded on the reporting flow, where this test's span is current.
            if (Activity.Current?.TraceId != trace || trace == default)
            {
                return;
            }

            var map = new Dictionary<string, object?>(StringComparer.Ordinal) { ["value"] = value };
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                map[tag.Key] = tag.Value;
            }

            lock (measurements)
            {
                measurements.Add(map);
            }
        });
        meterListener.Start();

        if (stage == "budget")
        {
            await client.GetResponseAsync(streaming, "first call", options);
        }

        AuditScope scope;
        Activity root = new Activity("stage-reporter-test").SetIdFormat(ActivityIdFormat.W3C);
        using (root.Start())
        {
            trace = root.TraceId;
            scope = AuditScope.Current = new AuditScope(new AuditRecord());
            try
            {
                if (throws)
                {
                    await Assert.ThrowsAnyAsync<ComplianceRejectedException>(() => client.GetResponseAsync(streaming, "Please write to " + TestPiiDetector.Email, options));
                }
                else
                {
                    await client.GetResponseAsync(streaming, "Please write to " + TestPiiDetector.Email, options);
                }
            }
            finally
            {
                AuditScope.Current = null;
            }
        }

        // Span: the stage's own span carries the attributes, or the current span carries a decision event.
        bool inSpan;
        lock (spans)
        {
            spans.Add(root);
            inSpan = spans.Any(s => Matches(s.TagObjects, stage, decision, reason))
                || spans.SelectMany(s => s.Events).Any(e => e.Name == StageReporter.DecisionEventName && Matches(e.Tags, stage, decision, reason));
        }

        Assert.True(inSpan, $"no span of this test carries {stage}/{decision}/{reason}");

        // Metric: one decision with the same names.
        lock (measurements)
        {
            Assert.Contains(measurements, m =>
                Equals(m.GetValueOrDefault(CompliantTelemetry.Tags.Stage), stage)
                && Equals(m.GetValueOrDefault(CompliantTelemetry.Tags.GuardrailDecision), decision)
                && Equals(m.GetValueOrDefault(CompliantTelemetry.Tags.GuardrailReason), reason)
                && Equals(m["value"], 1L));
        }

        // Audit: the verdict under the same stage and decision.
        Assert.Contains(scope.Record.Verdicts, v => v.Stage == stage && StageReporter.DecisionName(v.Decision) == decision && v.Reason == reason);
    }

    private static bool Matches(IEnumerable<KeyValuePair<string, object?>> tags, string stage, string decision, string reason)
    {
        var map = tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        return Equals(map.GetValueOrDefault(CompliantTelemetry.Tags.GuardrailName), stage)
            && Equals(map.GetValueOrDefault(CompliantTelemetry.Tags.GuardrailDecision), decision)
            && Equals(map.GetValueOrDefault(CompliantTelemetry.Tags.GuardrailReason), reason);
    }

    private static (IChatClient Client, ChatOptions? Options, string Decision, string Reason, bool Throws) Arrange(string stage) => stage switch
    {
        // Redaction modifies: the e-mail address is pseudonymized before the inner client.
        "pii_redaction" => (new PiiRedactionChatClient(TestChatClient.Answering("Noted."), new TestPiiDetector()), null, "modify", "redacted", false),

        // Cost control denies: the tenant's one permit is spent by a first call outside the test's trace.
        "budget" => (
            new CostControlChatClient(TestChatClient.Answering("ok"), new CostControlOptions { RateLimitPermitsPerWindow = 1, RateLimitWindow = TimeSpan.FromHours(1) }),
            new ChatOptions().WithCaller(new CallerContext("user-1", tenantId: "reporter-tenant")),
            "deny",
            "rate_limited",
            true),

        // The cascade escalates (modifies the route): the primary's answer carries no confidence.
        "cascade" => (new CascadeChatClient(TestChatClient.Answering("a plain answer"), TestChatClient.Answering("the larger model's answer")), null, "modify", "confidence_missing", false),
        _ => throw new ArgumentOutOfRangeException(nameof(stage)),
    };
}
