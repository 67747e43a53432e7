namespace Compliant.AI.Internal;

/// <summary>
/// One decision of one stage, reported once through <see cref="StageReporter"/>, which writes the span attributes, the
/// metric, the audit verdict and the log together (as Polly's strategies hand one <c>ResilienceEvent</c> to one listener).
/// </summary>
/// <remarks>
/// A value type, so reporting a decision allocates nothing of its own: what a report costs is what the enabled listeners
/// (a span, a metric listener, an audit scope, a logger) record. Every field is a code, a count or an id: never content.
/// </remarks>
internal readonly struct StageEvent
{
    public StageEvent(string stage, AuditDecision decision, string reason)
    {
        Stage = stage;
        Decision = decision;
        Reason = reason;
    }

    /// <summary>The stage's telemetry name (<c>CompliantTelemetry.Xxx.StageName</c>), also the audit verdict's stage.</summary>
    public string Stage { get; }

    /// <summary>What the stage decided.</summary>
    public AuditDecision Decision { get; }

    /// <summary>A reason code (<c>redacted</c>, <c>budget_exceeded</c>, <c>low_confidence</c>, ...).</summary>
    public string Reason { get; }

    /// <summary>The tenant the decision concerns, when the stage keys by tenant; tagged on the metric and logged.</summary>
    public string? TenantId { get; init; }

    /// <summary>Items the decision concerned, by kind (entity type, ...); each kind is counted in the audit record under <see cref="CountPrefix"/>.</summary>
    public IReadOnlyDictionary<string, int>? Counts { get; init; }

    /// <summary>The audit counter prefix of <see cref="Counts"/> (for example <c>pii.redacted.</c>).</summary>
    public string? CountPrefix { get; init; }

    /// <summary>The audit verdict's details; when <see langword="null"/> and <see cref="Counts"/> is set, the counts are the details.</summary>
    public IReadOnlyDictionary<string, string>? Details { get; init; }

    /// <summary>Whether the decision becomes an audit verdict. A stage's silent "allow" on the hot path does not.</summary>
    public bool Audited { get; init; } = true;

    /// <summary>
    /// The audit scope the verdict goes to, when the stage captured it earlier (a stage whose decision is made on a later
    /// step of a stream); <see langword="null"/> for <see cref="AuditScope.Current"/>.
    /// </summary>
    public AuditScope? Scope { get; init; }

    /// <summary>The total of <see cref="Counts"/>.</summary>
    public int Total
    {
        get
        {
            int total = 0;
            if (Counts is not null)
            {
                foreach (KeyValuePair<string, int> pair in Counts)
                {
                    total += pair.Value;
                }
            }

            return total;
        }
    }
}
