using System.ComponentModel.DataAnnotations;

namespace Compliant.AI;

/// <summary>Options for <see cref="HybridRetriever"/>.</summary>
public sealed class HybridRetrieverOptions : IValidatableObject
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

    /// <summary>Gets the weight of each inner retriever's <see cref="RetrievalResult.EvidenceScore"/> in the combined evidence rule, in the order the retrievers are given.</summary>
    /// <value>The default is empty: no combined rule, evidence only when an inner retriever finds it.</value>
    /// <remarks>
    /// When set (one weight per inner retriever, each between 0 and 100), the query also has evidence when
    /// <c>Σ weight × EvidenceScore</c> reaches <see cref="MinimumWeightedEvidence"/> (a retriever that reports no score
    /// adds 0). Two signals that each fall a little short (moderate term coverage, a near-threshold similarity) can then
    /// pass together, while either one alone still needs its own threshold.
    /// </remarks>
    public IList<double> EvidenceWeights { get; } = [];

    /// <summary>Gets or sets the weighted sum of the inner evidence scores that counts as evidence (see <see cref="EvidenceWeights"/>).</summary>
    /// <value>The default is 1.</value>
    [Range(0.0, 1_000.0)]
    public double MinimumWeightedEvidence { get; set; } = 1.0;

    /// <summary>
    /// Gets or sets a value indicating whether a returned passage whose chunk opens inside a sentence also carries the
    /// preceding chunk of its document.
    /// </summary>
    /// <value>The default is <see langword="false"/> (a passage is what its inner retriever returned).</value>
    /// <remarks>
    /// The chunker cuts a run of text longer than <see cref="ChunkingOptions.MaxTokens"/> at the token limit (regulation
    /// text that puts each numbered paragraph on its own line, with no blank line between them, is one such run), so a
    /// chunk can open in the middle of a sentence ("applicable, provides the individual with ..."), its subject and often
    /// its value left in the chunk before. When this is set, such a passage (its first character is a lower-case letter)
    /// is joined after the preceding chunk of the same document and section, read from the first
    /// <see cref="InMemoryBm25Index"/> among the inner retrievers, which must hold the same chunks (as when one
    /// <see cref="DocumentIngestor"/> writes to both indexes); without one it has no effect. The preceding chunk is not
    /// joined when the caller may not read it or when it is itself among the returned passages, and the overlap between
    /// neighbouring chunks is not repeated. Ranks, scores and evidence are unchanged.
    /// </remarks>
    public bool JoinCutSentences { get; set; }

    /// <summary>
    /// Gets or sets the length, in characters, below which a returned passage also carries the following chunk of its
    /// document.
    /// </summary>
    /// <value>The default is 0 (off: a passage is what its inner retriever returned). From 0 to 100,000.</value>
    /// <remarks>
    /// A section's one-line introduction ("This guide covers the offboarding policy and process.") is a chunk of its own
    /// and can be ranked among the top passages while the chunk after it, which holds the answer, is not. When this is
    /// set, such a passage is joined with the following chunk of the same document, read from the first
    /// <see cref="InMemoryBm25Index"/> among the inner retrievers (which must hold the same chunks), unless the caller may
    /// not read that chunk or it is itself among the returned passages; the overlap between neighbouring chunks is not
    /// repeated. Ranks, scores and evidence are unchanged.
    /// </remarks>
    [Range(0, 100_000)]
    public int MinimumPassageCharacters { get; set; }

    /// <inheritdoc/>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        foreach (double weight in EvidenceWeights)
        {
            if (!(weight is >= 0 and <= 100))
            {
                yield return new ValidationResult(
                    $"Each of {nameof(EvidenceWeights)} must be between 0 and 100; got {weight}.",
                    [nameof(EvidenceWeights)]);
                yield break;
            }
        }
    }
}
