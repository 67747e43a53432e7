namespace Compliant.AI;

/// <summary>The grounding stage's verdict on one response: refused or answered, why, which sources were cited.</summary>
/// <remarks>
/// Read it with <see cref="GroundingResponseExtensions.GetGroundingResult(Microsoft.Extensions.AI.ChatResponse)"/>.
/// It carries ids, counts and offsets only — never passage or answer text.
/// </remarks>
public sealed class GroundingResult
{
    /// <summary>The key under which the result is stored in <c>AdditionalProperties</c> of a response or update.</summary>
    public const string AdditionalPropertiesKey = "compliant_ai.grounding";

    /// <summary>Gets a value indicating whether the caller received the cannot-answer response instead of a model answer.</summary>
    public required bool Refused { get; init; }

    /// <summary>Gets the reason code (see <see cref="GroundingReasons"/>), or <see langword="null"/> when the answer passed every check.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets a value indicating whether the caller received an answer that passed every check.</summary>
    public bool IsGrounded => !Refused && Reason is null;

    /// <summary>Gets the sources the delivered answer cites, in order of first citation; empty when refused.</summary>
    public IReadOnlyList<GroundingCitation> Citations { get; init; } = [];

    /// <summary>Gets the sentences that failed the support check (also when the answer was blocked).</summary>
    public IReadOnlyList<GroundingClaim> UnsupportedClaims { get; init; } = [];

    /// <summary>Gets the cited ids that were never injected for this caller in this request.</summary>
    public IReadOnlyList<string> UnknownSourceIds { get; init; } = [];

    /// <summary>Gets how many passages were injected as sources.</summary>
    public int SourceCount { get; init; }

    /// <summary>Gets the passages the retriever returned for this caller, best first, whether or not they were injected.</summary>
    /// <remarks>
    /// Only passages the caller may read are ever listed: passages withheld for lack of access are never named, counted or
    /// scored here (a refusal for that reason says <see cref="GroundingReasons.AccessDenied"/> and nothing more).
    /// </remarks>
    public IReadOnlyList<GroundingPassage> Passages { get; init; } = [];

    /// <summary>Gets the figure the retriever's evidence gate decided on (for BM25, the term coverage of the best passage), or <see langword="null"/> when the retriever reports none.</summary>
    public double? EvidenceScore { get; init; }

    /// <summary>Gets how many times the model was called (0 when refused before calling it, 2 after a re-ask).</summary>
    public int Attempts { get; init; }
}
