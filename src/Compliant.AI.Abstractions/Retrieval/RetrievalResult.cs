namespace Compliant.AI;

/// <summary>The result of a retrieval: ranked passages and the evidence signal.</summary>
public sealed class RetrievalResult
{
    /// <summary>Initializes a new instance of the <see cref="RetrievalResult"/> class.</summary>
    /// <param name="passages">The passages, best first.</param>
    /// <param name="deniedCount">How many candidate passages were withheld because the caller may not read them.</param>
    /// <param name="hasEvidence">Whether the best passage clears the retriever's minimum-evidence threshold.</param>
    public RetrievalResult(IReadOnlyList<RetrievedPassage> passages, int deniedCount = 0, bool? hasEvidence = null)
    {
        ArgumentNullException.ThrowIfNull(passages);
        Passages = passages;
        DeniedCount = deniedCount;
        HasEvidence = hasEvidence ?? passages.Count > 0;
    }

    /// <summary>Gets an empty result.</summary>
    public static RetrievalResult Empty { get; } = new([]);

    /// <summary>Gets the passages, best first.</summary>
    public IReadOnlyList<RetrievedPassage> Passages { get; }

    /// <summary>Gets how many candidate passages were withheld for lack of access. Counts only; never which ones.</summary>
    public int DeniedCount { get; }

    /// <summary>Gets a value indicating whether the retrieval found evidence strong enough to answer from.</summary>
    public bool HasEvidence { get; }

    /// <summary>
    /// Gets the figure the retriever's evidence decision was made on (for example BM25's term coverage of the best
    /// passage, from 0 to 1), or <see langword="null"/> when the retriever reports none.
    /// </summary>
    /// <remarks>Computed over passages the caller may read only, so it reveals nothing about withheld ones.</remarks>
    public double? EvidenceScore { get; init; }
}
