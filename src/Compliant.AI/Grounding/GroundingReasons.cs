namespace Compliant.AI;

/// <summary>The machine-readable reason codes of <see cref="GroundingResult.Reason"/> and of the grounding audit verdict.</summary>
public static class GroundingReasons
{
    /// <summary>Retrieval found no passage the caller may read that clears the evidence threshold; the model was not called.</summary>
    public const string NoEvidence = "no_evidence";

    /// <summary>
    /// Retrieval withheld passages the caller may not read that would have ranked, and none it may read clears the evidence
    /// threshold; the model was not called. Which passages, and how many, is never disclosed to the caller.
    /// </summary>
    /// <remarks>Reported to the caller only when <see cref="GroundingOptions.DiscloseAccessDenied"/> is set (the default); the audit record always has it.</remarks>
    public const string AccessDenied = "access_denied";

    /// <summary>The request had no user question to retrieve for; the model was not called.</summary>
    public const string NoQuestion = "no_question";

    /// <summary>The model itself answered that the sources do not contain the answer.</summary>
    public const string ModelDeclined = "model_declined";

    /// <summary>The answer cited an id that was not injected for this caller in this request.</summary>
    public const string UnknownCitation = "unknown_citation";

    /// <summary>The answer (or, in stricter modes, a paragraph or sentence) carries no valid citation.</summary>
    public const string MissingCitation = "missing_citation";

    /// <summary>A cited sentence is not supported by the passage it cites.</summary>
    public const string UnsupportedClaim = "unsupported_claim";

    /// <summary>A sentence of the answer reads as an instruction to a model, as injected text in a source would.</summary>
    public const string InstructionEcho = "instruction_echo";

    /// <summary>Returns whether <paramref name="reason"/> is a citation failure (the model answered, and the answer failed a check).</summary>
    /// <param name="reason">A reason code, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> for <see cref="UnknownCitation"/>, <see cref="MissingCitation"/>, <see cref="UnsupportedClaim"/> and <see cref="InstructionEcho"/>.</returns>
    public static bool IsCitationFailure(string? reason) =>
        reason is UnknownCitation or MissingCitation or UnsupportedClaim or InstructionEcho;
}
