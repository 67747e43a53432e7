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

    /// <summary>Gets or sets how many of the best passages have their sentences compared with the question for evidence.</summary>
    /// <value>The default is 0: sentence evidence is off, and only whole passages are compared.</value>
    /// <remarks>
    /// A long passage's vector dilutes the one sentence that answers a paraphrased question. When this is above 0, the
    /// sentences of the first passages (up to this many) are embedded in one batch at query time, and the question has
    /// evidence also when one of them reaches <see cref="MinimumSentenceSimilarity"/>. That costs one embedding call over
    /// those sentences per query whose best passage falls short of <see cref="MinimumSimilarity"/>; ingestion is unchanged.
    /// </remarks>
    [Range(0, 20)]
    public int SentenceEvidenceDepth { get; set; }

    /// <summary>Gets or sets the cosine similarity one sentence of the best passages must reach for <see cref="RetrievalResult.HasEvidence"/>.</summary>
    /// <value>The default is 0.6.</value>
    /// <remarks>
    /// Used only when <see cref="SentenceEvidenceDepth"/> is above 0. A short sentence is closer to a question than its whole
    /// passage, on topic or not, so this sits above <see cref="MinimumSimilarity"/>: calibrate both on your own questions.
    /// </remarks>
    [Range(-1.0, 1.0)]
    public double MinimumSentenceSimilarity { get; set; } = 0.6;
}
