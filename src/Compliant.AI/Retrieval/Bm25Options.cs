using System.ComponentModel.DataAnnotations;

namespace Compliant.AI;

/// <summary>Options for <see cref="InMemoryBm25Index"/>: the BM25 parameters and the evidence threshold.</summary>
public sealed class Bm25Options
{
    /// <summary>Gets or sets BM25's term-frequency saturation <c>k1</c>.</summary>
    /// <value>The default is 0.9 (measured on BEIR SciFact, see docs/retrieval.md).</value>
    [Range(0.0, 10.0)]
    public double K1 { get; set; } = 0.9;

    /// <summary>Gets or sets BM25's length normalization <c>b</c> (0 = none, 1 = full).</summary>
    /// <value>The default is 0.4.</value>
    [Range(0.0, 1.0)]
    public double B { get; set; } = 0.4;

    /// <summary>
    /// Gets or sets the share of the query's IDF weight the best passage must contain for
    /// <see cref="RetrievalResult.HasEvidence"/> to be true.
    /// </summary>
    /// <value>The default is 0.5: the best passage contains query terms carrying at least half of the query's total IDF.</value>
    /// <remarks>
    /// Query terms the index has never seen count with the highest possible IDF, so a question about something the
    /// corpus does not mention has low coverage and yields "no evidence".
    /// </remarks>
    [Range(0.0, 1.0)]
    public double MinimumTermCoverage { get; set; } = 0.5;

    /// <summary>Gets or sets the BM25 score the best passage must reach for <see cref="RetrievalResult.HasEvidence"/>.</summary>
    /// <value>The default is 0 (only <see cref="MinimumTermCoverage"/> applies).</value>
    [Range(0.0, double.MaxValue)]
    public double MinimumScore { get; set; }

    /// <summary>Gets or sets a value indicating whether the title and section path are indexed with each chunk's text.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool IndexTitleAndSection { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether chunks the caller may not read are scored (never returned) so that
    /// <see cref="RetrievalResult.DeniedCount"/> can tell how many would have ranked.
    /// </summary>
    /// <value>The default is <see langword="true"/>. When <see langword="false"/>, unreadable chunks are skipped while
    /// scoring and <see cref="RetrievalResult.DeniedCount"/> is always 0.</value>
    public bool CountDenied { get; set; } = true;
}
