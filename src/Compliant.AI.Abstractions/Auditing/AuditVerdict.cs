namespace Compliant.AI;

/// <summary>A decision one stage made about an interaction.</summary>
/// <param name="Stage">The stage that decided, for example <c>grounding</c> or <c>pii_redaction</c>.</param>
/// <param name="Decision">What the stage decided.</param>
/// <param name="Reason">A short machine-readable reason, for example <c>no_evidence</c>; never personal data.</param>
public sealed record AuditVerdict(string Stage, AuditDecision Decision, string? Reason = null)
{
    /// <summary>Gets additional non-personal details, for example counts or ids.</summary>
    public IReadOnlyDictionary<string, string>? Details { get; init; }
}
