using System.ComponentModel.DataAnnotations;

namespace Compliant.AI;

/// <summary>Options for <see cref="DenseRetriever"/>.</summary>
public sealed class DenseRetrieverOptions
{
    /// <summary>Gets or sets the cosine similarity the best passage must reach for <see cref="RetrievalResult.HasEvidence"/>.</summary>
    /// <value>The default is 0.3.</value>
    /// <remarks>Depends on the embedding model: calibrate it on your own questions that should and should not be answerable.</remarks>
    [Range(-1.0, 1.0)]
    public double MinimumSimilarity { get; set; } = 0.3;
}
