using System.ComponentModel.DataAnnotations;

namespace Compliant.AI;

/// <summary>Where the Qdrant server is and how the retrieval collection is laid out; bound from <c>Compliant:Qdrant</c>.</summary>
/// <remarks>
/// <para>
/// Compliant.AI talks to Qdrant through the official <c>Qdrant.Client</c> over gRPC (Qdrant 1.10 or later; it uses the
/// universal <c>Query</c> call, never the <c>Search</c> call whose REST twin v1.19 removed).
/// </para>
/// <para>The <see cref="ApiKey"/> is a secret: it is sent only in the <c>api-key</c> call header and never logged or traced.</para>
/// </remarks>
public sealed class QdrantOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Compliant:Qdrant";

    /// <summary>Gets or sets the address of Qdrant's gRPC API, for example <c>http://localhost:6334</c> (Qdrant's REST port 6333 does not speak gRPC).</summary>
    /// <value>The default is <see langword="null"/>; an absolute <c>http</c> or <c>https</c> URI without a path is required.</value>
    [Required]
    public Uri? Endpoint { get; set; }

    /// <summary>Gets or sets the API key sent in the <c>api-key</c> call header, or <see langword="null"/> for a server without authentication.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the name of the collection that holds the chunks.</summary>
    /// <value>The default is <c>compliant_chunks</c>.</value>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,255}$", ErrorMessage = "The collection name may contain only letters, digits, '_', '.' and '-' (1 to 255 characters).", MatchTimeoutInMilliseconds = 1000)]
    public string Collection { get; set; } = "compliant_chunks";

    /// <summary>Gets or sets the number of dimensions of the vectors; it must match the embedding generator.</summary>
    /// <value>The default is 384.</value>
    [Range(1, 65536)]
    public int VectorSize { get; set; } = 384;

    /// <summary>Gets or sets the distance function of the collection's vectors.</summary>
    /// <value>The default is <see cref="QdrantDistance.Cosine"/>.</value>
    [EnumDataType(typeof(QdrantDistance))]
    public QdrantDistance Distance { get; set; } = QdrantDistance.Cosine;

    /// <summary>Gets or sets a value indicating whether the collection and its payload indexes are created on first use when missing.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool CreateCollectionIfMissing { get; set; } = true;

    /// <summary>Gets or sets how long one call to Qdrant may take before it fails with <see cref="QdrantErrorKind.Timeout"/>.</summary>
    /// <value>The default is 30 seconds. It must be positive and at most one hour.</value>
    /// <remarks>Enforced on the store's <see cref="TimeProvider"/> and also sent as the gRPC deadline, so the server stops working on a call the store gave up on.</remarks>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many points are sent in one upsert request.</summary>
    /// <value>The default is 128.</value>
    [Range(1, 10_000)]
    public int UpsertBatchSize { get; set; } = 128;

    /// <summary>Gets or sets how many points one scroll request returns.</summary>
    /// <value>The default is 256.</value>
    [Range(1, 10_000)]
    public int ScrollPageSize { get; set; } = 256;

    /// <summary>
    /// Gets or sets how many extra candidates a query asks for beyond <c>TopK</c>, so that the post-check can drop a
    /// point without leaving the result short.
    /// </summary>
    /// <value>The default is 0: the pre-filter inside Qdrant already excludes what the caller may not read.</value>
    [Range(0, 1000)]
    public int QueryOversampling { get; set; }
}
