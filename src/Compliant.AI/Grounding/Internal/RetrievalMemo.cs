namespace Compliant.AI.Grounding.Internal;

/// <summary>
/// What one retrieval produced for a question and a caller, kept for the later rounds of the same interaction (a tool loop
/// calls the stage once per round): the sources, the passages, the evidence figures and the refusal, if any.
/// </summary>
internal sealed class RetrievalMemo
{
    public RetrievalMemo(string question, CallerContext caller)
    {
        Question = question;
        Caller = caller;
    }

    public string Question { get; }

    public CallerContext Caller { get; }

    public IReadOnlyList<GroundingSource> Sources { get; init; } = [];

    public IReadOnlyList<GroundingPassage> Passages { get; init; } = [];

    public int DeniedCount { get; init; }

    public double? EvidenceScore { get; init; }

    public string? RefusalReason { get; init; }

    /// <summary>Returns whether a later round asks the same question for the same caller, so the retrieval holds for it.</summary>
    public bool Matches(string question, CallerContext caller) =>
        string.Equals(Question, question, StringComparison.Ordinal)
        && (ReferenceEquals(Caller, caller)
            || (Caller.UserId == caller.UserId
                && Caller.TenantId == caller.TenantId
                && Caller.PurposeOfUse == caller.PurposeOfUse
                && Caller.Groups.SequenceEqual(caller.Groups, StringComparer.Ordinal)
                && Caller.Roles.SequenceEqual(caller.Roles, StringComparer.Ordinal)));
}
