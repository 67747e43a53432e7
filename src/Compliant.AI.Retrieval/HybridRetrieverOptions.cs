using System.ComponentModel.DataAnnotations;

namespace Compliant.AI;

/// <summary>Options for <see cref="HybridRetriever"/>.</summary>
public sealed class HybridRetrieverOptions
{
    /// <summary>Gets or sets the Reciprocal Rank Fusion constant <c>k</c> in <c>Σ 1/(k + rank)</c>.</summary>
    /// <value>The default is 60 (Cormack et al., 2009).</value>
    [Range(1, 10_000)]
    public int RrfK { get; set; } = 60;

    /// <summary>Gets or sets how many candidates each inner retriever returns before fusion.</summary>
    /// <value>The default is 50 (never fewer than the request's top k).</value>
    [Range(1, 10_000)]
    public int CandidateCount { get; set; } = 50;

    /// <summary>Gets or sets how many of the fused passages the <see cref="IReranker"/>, if any, re-orders.</summary>
    /// <value>The default is 20.</value>
    [Range(1, 10_000)]
    public int RerankTopN { get; set; } = 20;
}
