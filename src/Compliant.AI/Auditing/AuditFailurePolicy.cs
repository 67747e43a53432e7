namespace Compliant.AI;

/// <summary>What the auditing stage does when a record cannot be made durable.</summary>
public enum AuditFailurePolicy
{
    /// <summary>The caller gets an <see cref="AuditWriteException"/> and no answer. Nothing unaudited is acknowledged.</summary>
    FailClosed,

    /// <summary>The failure is logged and counted (<c>compliant_ai.audit.dropped_records</c>) and the answer is returned.</summary>
    FailOpen,
}
