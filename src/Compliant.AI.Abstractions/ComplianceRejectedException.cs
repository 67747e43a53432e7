namespace Compliant.AI;

/// <summary>
/// The base of every exception by which a compliance stage says no: a budget or rate limit, a redaction that could not
/// be done safely, an answer that never met its schema, a blocked prompt. Catch it once to handle "the compliance layer
/// refused this request" in one place.
/// </summary>
/// <remarks>
/// <see cref="Stage"/> and <see cref="Reason"/> are the same names the stage writes to its audit verdict, span and
/// metric, so a host can map a refusal to a response (for example an HTTP problem type) without matching on
/// messages. Messages of derived exceptions never hold personal data or prompt content.
/// </remarks>
public abstract class ComplianceRejectedException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ComplianceRejectedException"/> class.</summary>
    /// <param name="stage">The refusing stage's name, as in its audit verdicts (for example <c>budget</c>).</param>
    /// <param name="reason">The refusal's reason, as in the audit verdict (for example <c>budget_exceeded</c>).</param>
    /// <param name="message">A message without personal data.</param>
    /// <param name="innerException">The cause, if any.</param>
    protected ComplianceRejectedException(string stage, string reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stage);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        Stage = stage;
        Reason = reason;
    }

    /// <summary>Gets the name of the stage that refused, as written in its audit verdict, span and metric.</summary>
    public string Stage { get; }

    /// <summary>Gets the reason of the refusal, as written in the audit verdict.</summary>
    public string Reason { get; }
}
