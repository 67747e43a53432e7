using System.ComponentModel.DataAnnotations;

namespace Compliant.AI;

/// <summary>Options of <see cref="VectorDataChunkStore"/>; bound from the configuration section <c>Compliant:VectorData</c>.</summary>
public sealed class VectorDataChunkStoreOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Compliant:VectorData";

    /// <summary>
    /// Gets or sets the distance function of the collection's vector property, which tells how to turn a connector's score
    /// into a similarity (higher is better): <c>CosineSimilarity</c>, <c>CosineDistance</c>, <c>DotProductSimilarity</c>
    /// or <c>NegativeDotProductSimilarity</c>.
    /// </summary>
    /// <value>The default is <c>CosineSimilarity</c>. It must equal the one the collection was created with (<see cref="VectorChunkRecord.CreateDefinition"/>).</value>
    [Required]
    public string DistanceFunction { get; set; } = Microsoft.Extensions.VectorData.DistanceFunction.CosineSimilarity;

    /// <summary>Gets or sets how long one call to the collection may take before it fails with <see cref="VectorDataErrorKind.Timeout"/>.</summary>
    /// <value>The default is 30 seconds. It must be positive and at most one hour.</value>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many records are sent in one upsert call.</summary>
    /// <value>The default is 128.</value>
    [Range(1, 10_000)]
    public int UpsertBatchSize { get; set; } = 128;

    /// <summary>Gets or sets the most chunks one document may have; listing a document's chunks (to find stale ones) reads at most this many.</summary>
    /// <value>The default is 10,000 (about 2.5 million tokens at the default chunk size).</value>
    [Range(1, 1_000_000)]
    public int MaxChunksPerDocument { get; set; } = 10_000;

    /// <summary>
    /// Gets or sets how many extra candidates a search asks for beyond <c>top</c>, so that the post-check can drop a record
    /// without leaving the result short.
    /// </summary>
    /// <value>The default is 0: the access filter runs inside the connector's query.</value>
    [Range(0, 1000)]
    public int QueryOversampling { get; set; }

    /// <summary>Gets or sets a value indicating whether the collection is created on first use when missing.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool EnsureCollectionExists { get; set; } = true;
}
