namespace Compliant.AI;

/// <summary>
/// Thrown by <see cref="FileAuditLedger"/> when the clock is earlier than the ledger's last line by more than
/// <see cref="AuditLedgerOptions.ClockSkewTolerance"/>; the record is not written and nothing written is changed.
/// </summary>
public sealed class AuditClockException : AuditWriteException
{
    /// <summary>Initializes a new instance of the <see cref="AuditClockException"/> class.</summary>
    public AuditClockException()
        : base("The clock went backwards past the audit ledger's last timestamp.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AuditClockException"/> class.</summary>
    /// <param name="message">A message that contains no record content.</param>
    public AuditClockException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AuditClockException"/> class.</summary>
    /// <param name="message">A message that contains no record content.</param>
    /// <param name="innerException">The cause.</param>
    public AuditClockException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
