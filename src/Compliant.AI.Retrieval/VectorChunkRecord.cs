using Microsoft.Extensions.VectorData;

namespace Compliant.AI;

/// <summary>
/// A chunk as a Microsoft.Extensions.VectorData record: the schema of the collection that <see cref="VectorDataChunkStore"/>
/// reads and writes through any VectorData connector.
/// </summary>
/// <remarks>
/// <para>
/// Create the collection with the definition from <see cref="CreateDefinition"/> (the vector dimension is only known at
/// run time, so the type carries no mapping attributes), for example
/// <c>vectorStore.GetCollection&lt;string, VectorChunkRecord&gt;("chunks", VectorChunkRecord.CreateDefinition(384))</c>.
/// <see cref="AllowedPrincipals"/>, <see cref="DocumentId"/>, <see cref="Classification"/>, <see cref="Version"/>,
/// <see cref="SourceUri"/>, <see cref="Title"/> and <see cref="Metadata"/> are declared indexed, because the store filters
/// on them inside the query.
/// </para>
/// <para><see cref="Text"/> may contain personal data unless an <see cref="IIngestionTransform"/> de-identified it.</para>
/// </remarks>
public sealed class VectorChunkRecord
{
    /// <summary>Gets or sets the record key: the <see cref="DocumentChunk.Id"/>.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>Gets or sets the id of the document the chunk belongs to.</summary>
    public string DocumentId { get; set; } = string.Empty;

    /// <summary>Gets or sets the zero-based position of the chunk within its document.</summary>
    public int Ordinal { get; set; }

    /// <summary>Gets or sets the chunk text.</summary>
    public string Text { get; set; } = string.Empty;

    /// <summary>Gets or sets the offset of the chunk in the document text (UTF-16 code units).</summary>
    public int Start { get; set; }

    /// <summary>Gets or sets the end offset (exclusive) of the chunk in the document text.</summary>
    public int End { get; set; }

    /// <summary>Gets or sets the principals allowed to read the chunk (the access-control list the query filters on).</summary>
#pragma warning disable CA1819 // VectorData connectors map string arrays to their native list/tag types.
    public string[] AllowedPrincipals { get; set; } = [];
#pragma warning restore CA1819

    /// <summary>Gets or sets the document title, if any.</summary>
    public string? Title { get; set; }

    /// <summary>Gets or sets the heading path of the section the chunk is in, if any.</summary>
    public string? SectionPath { get; set; }

    /// <summary>Gets or sets the source URI or path of the document, if any.</summary>
    public string? SourceUri { get; set; }

    /// <summary>Gets or sets the classification label of the document, if any.</summary>
    public string? Classification { get; set; }

    /// <summary>Gets or sets the document version label, if any.</summary>
    public string? Version { get; set; }

    /// <summary>Gets or sets the SHA-256 of <see cref="Text"/> (lower-case hex).</summary>
    public string ContentHash { get; set; } = string.Empty;

    /// <summary>Gets or sets the SHA-256 of the whole document and its metadata; re-ingestion skips unchanged documents by it.</summary>
    public string DocumentHash { get; set; } = string.Empty;

    /// <summary>Gets or sets when the chunk was ingested.</summary>
    public DateTimeOffset IngestedAt { get; set; }

    /// <summary>Gets or sets the document metadata as <c>key=value</c> entries (a tag list, so metadata filters run inside the query).</summary>
#pragma warning disable CA1819 // VectorData connectors map string arrays to their native list/tag types.
    public string[] Metadata { get; set; } = [];
#pragma warning restore CA1819

    /// <summary>Gets or sets the embedding of <see cref="Text"/>.</summary>
    public ReadOnlyMemory<float> Embedding { get; set; }

    /// <summary>Creates the collection definition (schema) of <see cref="VectorChunkRecord"/> for a VectorData connector.</summary>
    /// <param name="dimensions">The number of dimensions of the embedding vectors.</param>
    /// <param name="distanceFunction">
    /// The distance function (a <see cref="Microsoft.Extensions.VectorData.DistanceFunction"/> name); it must equal
    /// <see cref="VectorDataChunkStoreOptions.DistanceFunction"/>. The default is
    /// <see cref="Microsoft.Extensions.VectorData.DistanceFunction.CosineSimilarity"/>.
    /// </param>
    /// <param name="indexKind">The vector index kind (an <see cref="Microsoft.Extensions.VectorData.IndexKind"/> name), or <see langword="null"/> for the connector's default.</param>
    /// <returns>A new definition.</returns>
    public static VectorStoreCollectionDefinition CreateDefinition(int dimensions, string? distanceFunction = null, string? indexKind = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        return new VectorStoreCollectionDefinition
        {
            Properties =
            [
                new VectorStoreKeyProperty(nameof(Key), typeof(string)),
                new VectorStoreDataProperty(nameof(DocumentId), typeof(string)) { IsIndexed = true },
                new VectorStoreDataProperty(nameof(Ordinal), typeof(int)),
                new VectorStoreDataProperty(nameof(Text), typeof(string)),
                new VectorStoreDataProperty(nameof(Start), typeof(int)),
                new VectorStoreDataProperty(nameof(End), typeof(int)),
                new VectorStoreDataProperty(nameof(AllowedPrincipals), typeof(string[])) { IsIndexed = true },
                new VectorStoreDataProperty(nameof(Title), typeof(string)) { IsIndexed = true },
                new VectorStoreDataProperty(nameof(SectionPath), typeof(string)),
                new VectorStoreDataProperty(nameof(SourceUri), typeof(string)) { IsIndexed = true },
                new VectorStoreDataProperty(nameof(Classification), typeof(string)) { IsIndexed = true },
                new VectorStoreDataProperty(nameof(Version), typeof(string)) { IsIndexed = true },
                new VectorStoreDataProperty(nameof(ContentHash), typeof(string)),
                new VectorStoreDataProperty(nameof(DocumentHash), typeof(string)),
                new VectorStoreDataProperty(nameof(IngestedAt), typeof(DateTimeOffset)),
                new VectorStoreDataProperty(nameof(Metadata), typeof(string[])) { IsIndexed = true },
                new VectorStoreVectorProperty(nameof(Embedding), typeof(ReadOnlyMemory<float>), dimensions)
                {
                    DistanceFunction = distanceFunction ?? Microsoft.Extensions.VectorData.DistanceFunction.CosineSimilarity,
                    IndexKind = indexKind,
                },
            ],
        };
    }
}
