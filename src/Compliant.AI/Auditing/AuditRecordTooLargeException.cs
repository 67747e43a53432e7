namespace Compliant.AI;

/// <summary>Thrown by <see cref="FileAuditLedger"/> when a serialized record is larger than <see cref="AuditLedgerOptions.MaxRecordBytes"/>; nothing is written.</summary>
public sealed class AuditRecordTooLargeException : AuditWriteException
{
    /// <summary>Initializes a new instance of the <see cref="AuditRecordTooLargeException"/> class.</summary>
    public AuditRecordTooLargeException()
        : base("The audit record is larger than the ledger's maximum record size.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AuditRecordTooLargeException"/> class.</summary>
    /// <param name="message">A message that contains no record content.</param>
    public AuditRecordTooLargeException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AuditRecordTooLargeException"/> class.</summary>
    /// <param name="message">A message that contains no record content.</param>
    /// <param name="innerException">The cause.</param>
    public AuditRecordTooLargeException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
