namespace Compliant.AI;

/// <summary>The machine-readable reason codes of <see cref="GroundingResult.Reason"/> and of the grounding audit verdict.</summary>
public static class GroundingReasons
{
    /// <summary>Retrieval found no passage the caller may read that clears the evidence threshold; the model was not called.</summary>
    public const string NoEvidence = "no_evidence";

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
}
