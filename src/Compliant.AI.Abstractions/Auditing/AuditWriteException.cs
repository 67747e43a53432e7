namespace Compliant.AI;

/// <summary>Thrown when an audit record cannot be made durable and the audit failure policy is fail-closed.</summary>
/// <remarks>The message never contains record content.</remarks>
public class AuditWriteException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="AuditWriteException"/> class.</summary>
    public AuditWriteException()
        : base("The audit record could not be written.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AuditWriteException"/> class.</summary>
    /// <param name="message">A message that contains no personal data.</param>
    public AuditWriteException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AuditWriteException"/> class.</summary>
    /// <param name="message">A message that contains no personal data.</param>
    /// <param name="innerException">The cause.</param>
    public AuditWriteException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
