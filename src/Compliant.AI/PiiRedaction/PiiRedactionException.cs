namespace Compliant.AI;

/// <summary>Thrown when the PII redaction stage cannot redact a request; the request was not sent to the inner client.</summary>
/// <remarks>The message names the failing step and error type only; it never holds message content.</remarks>
public sealed class PiiRedactionException : ComplianceRejectedException
{
    /// <summary>Initializes a new instance of the <see cref="PiiRedactionException"/> class.</summary>
    public PiiRedactionException()
        : this("PII redaction failed; the request was not sent.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PiiRedactionException"/> class.</summary>
    /// <param name="message">A message without personal data.</param>
    public PiiRedactionException(string message)
        : base("pii_redaction", "redaction_failed", message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PiiRedactionException"/> class.</summary>
    /// <param name="message">A message without personal data.</param>
    /// <param name="innerException">The cause.</param>
    public PiiRedactionException(string message, Exception innerException)
        : base("pii_redaction", "redaction_failed", message, innerException)
    {
    }
}
