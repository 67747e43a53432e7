namespace Compliant.AI;

/// <summary>How an audited interaction ended.</summary>
public enum AuditOutcome
{
    /// <summary>The interaction completed and its answer reached the caller.</summary>
    Succeeded,

    /// <summary>A stage refused the interaction (for example no evidence, budget exceeded, invalid output): a stage's last verdict is a denial, or the interaction ended in a typed refusal.</summary>
    Blocked,

    /// <summary>The interaction failed with an exception; see <see cref="AuditRecord.ErrorType"/>.</summary>
    Failed,

    /// <summary>The caller cancelled, or stopped consuming a streamed answer before its end.</summary>
    Cancelled,
}
