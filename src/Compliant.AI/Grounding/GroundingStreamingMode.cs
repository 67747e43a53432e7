namespace Compliant.AI;

/// <summary>How the grounding stage streams an answer.</summary>
public enum GroundingStreamingMode
{
    /// <summary>
    /// Hold the whole answer until it is verified, then yield the verified (or cannot-answer) response. Nothing
    /// unverified reaches the caller; the first token arrives only when the model has finished.
    /// </summary>
    Enforce,

    /// <summary>
    /// Stream the model's updates as they arrive and deliver the verdict in a final update. Violations can then only be
    /// reported, not prevented: the caller must act on <see cref="GroundingResult.IsGrounded"/> of the final update.
    /// </summary>
    PassThrough,
}
