using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Compliant.AI.Internal;

/// <summary>
/// The one way a stage reports a decision: the span attributes (<c>gen_ai.guardrail.name</c>, <c>.decision</c>,
/// <c>.reason</c> on the stage's own span, or a <c>compliant_ai.stage.decision</c> event on the current span when the stage
/// has none), the <c>compliant_ai.stage.decisions</c> counter, the audit verdict (and counters) and the log line, from one
/// <see cref="StageEvent"/>, with the same stage and decision names everywhere.
/// </summary>
/// <remarks>Nothing is allocated unless a listener is on: an activity, a metric listener, an audit scope, or an enabled logger.</remarks>
internal static partial class StageReporter
{
    public const string DecisionsName = "compliant_ai.stage.decisions";
    public const string DecisionEventName = "compliant_ai.stage.decision";

    private static readonly Counter<long> Decisions = CompliantTelemetry.Meter.CreateCounter<long>(
        DecisionsName, "{decision}", "Decisions of the pipeline stages, by stage, decision and reason.");

    /// <summary>The decision's name on spans, metrics and logs: <c>allow</c>, <c>deny</c> or <c>modify</c>.</summary>
    /// <remarks>
    /// The one vocabulary of <c>gen_ai.guardrail.decision</c> in this library, the lower-case names of <see cref="AuditDecision"/>:
    /// <c>allow</c> (the request or answer goes on unchanged), <c>modify</c> (it goes on changed: redacted, re-asked, escalated,
    /// withheld in part, held for approval) and <c>deny</c> (it does not go on: refused, blocked, failed by the stage).
    /// </remarks>
    public static string DecisionName(AuditDecision decision) => decision switch
    {
        AuditDecision.Allow => "allow",
        AuditDecision.Deny => "deny",
        AuditDecision.Modify => "modify",
        _ => "unknown",
    };

    /// <summary>Reports <paramref name="stageEvent"/> to every enabled listener.</summary>
    /// <param name="stageEvent">The decision.</param>
    /// <param name="span">The stage's own span, or <see langword="null"/> when it has none (then an event goes on the current span).</param>
    /// <param name="logger">The stage's logger.</param>
    public static void Report(in StageEvent stageEvent, Activity? span, ILogger logger)
    {
        string decision = DecisionName(stageEvent.Decision);
        if (span is not null)
        {
            span.SetTag(CompliantTelemetry.Tags.GuardrailName, stageEvent.Stage);
            span.SetTag(CompliantTelemetry.Tags.GuardrailDecision, decision);
            span.SetTag(CompliantTelemetry.Tags.GuardrailReason, stageEvent.Reason);
        }
        else if (Activity.Current is { } current)
        {
            current.AddEvent(new ActivityEvent(DecisionEventName, tags: new ActivityTagsCollection
            {
                [CompliantTelemetry.Tags.GuardrailName] = stageEvent.Stage,
                [CompliantTelemetry.Tags.GuardrailDecision] = decision,
                [CompliantTelemetry.Tags.GuardrailReason] = stageEvent.Reason,
            }));
        }

        if (Decisions.Enabled)
        {
            var tags = new TagList
            {
                { CompliantTelemetry.Tags.Stage, stageEvent.Stage },
                { CompliantTelemetry.Tags.GuardrailDecision, decision },
                { CompliantTelemetry.Tags.GuardrailReason, stageEvent.Reason },
            };
            if (stageEvent.TenantId is { } tenant)
            {
                tags.Add(CompliantTelemetry.Tags.TenantId, tenant);
            }

            Decisions.Add(1, tags);
        }

        if (stageEvent.Audited && (stageEvent.Scope ?? AuditScope.Current) is { } scope)
        {
            IReadOnlyDictionary<string, string>? details = stageEvent.Details;
            if (stageEvent.Counts is { } counts)
            {
                Dictionary<string, string>? fromCounts = details is null ? new(StringComparer.Ordinal) : null;
                foreach (KeyValuePair<string, int> pair in counts)
                {
                    scope.Increment(stageEvent.CountPrefix + pair.Key, pair.Value);
                    fromCounts?.Add(pair.Key, pair.Value.ToString(CultureInfo.InvariantCulture));
                }

                details ??= fromCounts;
            }

            scope.AddVerdict(new AuditVerdict(stageEvent.Stage, stageEvent.Decision, stageEvent.Reason) { Details = details });
        }

        LogLevel level = stageEvent.Decision == AuditDecision.Deny ? LogLevel.Information : LogLevel.Debug;
        if (logger.IsEnabled(level))
        {
            string kinds = stageEvent.Counts is { Count: > 0 } c ? string.Join(",", c.Keys.Order(StringComparer.Ordinal)) : string.Empty;
            StageDecision(logger, level, stageEvent.Stage, decision, stageEvent.Reason, stageEvent.TenantId ?? string.Empty, stageEvent.Total, kinds);
        }
    }

    [LoggerMessage(EventId = 1010, Message = "Stage {Stage} decided {Decision} ({Reason}); tenant '{TenantId}', {Count} item(s) of {Kinds}.", SkipEnabledCheck = true)]
    private static partial void StageDecision(ILogger logger, LogLevel level, string stage, string decision, string reason, string tenantId, int count, string kinds);
}
