namespace Compliant.AI;

/// <summary>Thrown before a model call when the guardrails stage blocks a request because of suspected prompt injection.</summary>
/// <remarks>The message, <see cref="TextSource"/>, <see cref="Score"/> and <see cref="Signals"/> never hold the flagged text.</remarks>
public sealed class PromptInjectionRejectedException : ComplianceRejectedException
{
    /// <summary>The reason written to the audit verdict, span and metric.</summary>
    public const string RejectionReason = "prompt_injection";

    /// <summary>Initializes a new instance of the <see cref="PromptInjectionRejectedException"/> class.</summary>
    public PromptInjectionRejectedException()
        : this("The request was blocked: suspected prompt injection.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PromptInjectionRejectedException"/> class.</summary>
    /// <param name="message">A message without request content.</param>
    public PromptInjectionRejectedException(string message)
        : this(message, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PromptInjectionRejectedException"/> class.</summary>
    /// <param name="message">A message without request content.</param>
    /// <param name="innerException">The cause, if any.</param>
    public PromptInjectionRejectedException(string message, Exception? innerException)
        : base("guardrails", RejectionReason, message, innerException)
    {
    }

    /// <summary>Gets where the flagged text came from.</summary>
    public PromptInjectionSource TextSource { get; init; }

    /// <summary>Gets the detector's score for the flagged text.</summary>
    public double Score { get; init; }

    /// <summary>Gets the names of the signals that fired (never the text).</summary>
    public IReadOnlyList<string> Signals { get; init; } = [];
}
