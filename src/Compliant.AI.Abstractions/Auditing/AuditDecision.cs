namespace Compliant.AI;

/// <summary>What a stage decided about an interaction.</summary>
public enum AuditDecision
{
    /// <summary>The interaction passed the stage unchanged.</summary>
    Allow,

    /// <summary>The stage blocked the interaction or replaced its answer.</summary>
    Deny,

    /// <summary>The stage let the interaction through but changed it (redacted, re-asked, annotated).</summary>
    Modify,
}
