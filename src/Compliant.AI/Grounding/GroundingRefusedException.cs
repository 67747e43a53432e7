namespace Compliant.AI;

/// <summary>
/// Thrown by the grounding stage instead of returning the cannot-answer text when the request asked for JSON
/// (<see cref="Microsoft.Extensions.AI.ChatOptions.ResponseFormat"/> is a JSON format): a plain-text refusal would not be
/// valid for the caller's schema, so the refusal is typed. The verdict is audited before it is thrown.
/// </summary>
/// <remarks>The message and <see cref="Result"/> hold reasons, counts and source ids only, never answer or passage text.</remarks>
public sealed class GroundingRefusedException : ComplianceRejectedException
{
    /// <summary>Initializes a new instance of the <see cref="GroundingRefusedException"/> class.</summary>
    public GroundingRefusedException()
        : this(GroundingReasons.NoEvidence)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="GroundingRefusedException"/> class.</summary>
    /// <param name="reason">The grounding reason (<see cref="GroundingReasons"/>).</param>
    public GroundingRefusedException(string reason)
        : this(reason, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="GroundingRefusedException"/> class.</summary>
    /// <param name="reason">The grounding reason (<see cref="GroundingReasons"/>).</param>
    /// <param name="innerException">The cause, if any.</param>
    public GroundingRefusedException(string reason, Exception? innerException)
        : base("grounding", reason, $"The answer could not be given from the approved sources ({reason}).", innerException)
    {
    }

    /// <summary>Gets the grounding result of the refused request (reason, passages, unsupported claims by position), when known.</summary>
    public GroundingResult? Result { get; init; }
}
