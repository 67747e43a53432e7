namespace Compliant.AI;

/// <summary>The result of a store query: the best chunks the caller may read and how many were withheld.</summary>
public sealed class ChunkSearchResult
{
    /// <summary>Initializes a new instance of the <see cref="ChunkSearchResult"/> class.</summary>
    /// <param name="hits">The chunks, best first.</param>
    /// <param name="deniedCount">
    /// How many chunks the caller may not read would have ranked among the returned ones without access control;
    /// 0 when the store cannot tell.
    /// </param>
    public ChunkSearchResult(IReadOnlyList<ScoredChunk> hits, int deniedCount = 0)
    {
        ArgumentNullException.ThrowIfNull(hits);
        ArgumentOutOfRangeException.ThrowIfNegative(deniedCount);
        Hits = hits;
        DeniedCount = deniedCount;
    }

    /// <summary>Gets the chunks, best first.</summary>
    public IReadOnlyList<ScoredChunk> Hits { get; }

    /// <summary>Gets how many unreadable chunks would have ranked among the hits. A count only: never which ones.</summary>
    public int DeniedCount { get; }

    /// <summary>
    /// Gets the ids of the withheld chunks counted in <see cref="DeniedCount"/>, when the store knows them (in-process
    /// stores), so that a composite retriever counts a chunk withheld by several retrievers once. Never returned to callers.
    /// </summary>
    internal IReadOnlyList<string>? DeniedChunkIds { get; init; }

    /// <summary>
    /// Gets the scores of the withheld chunks, parallel to <see cref="DeniedChunkIds"/>, when the store knows them, so a
    /// retriever can count only the withheld chunks that would have been evidence. Never returned to callers.
    /// </summary>
    internal IReadOnlyList<double>? DeniedChunkScores { get; init; }

    /// <summary>
    /// Gets the evidence figure of a lexical store: the share of the query's content weight the best-covered of the top
    /// hits contains (0 to 1); <see langword="null"/> when the store does not measure it.
    /// </summary>
    public double? EvidenceCoverage { get; init; }
}
