using System.Globalization;

namespace Compliant.AI;

/// <summary>A passage of a <see cref="SourceDocument"/> as stored in an index, with its metadata and access-control list.</summary>
/// <remarks>
/// <para>
/// <see cref="Id"/> is stable: <c>{DocumentId}#{Ordinal}-{first 16 hex digits of ContentHash}</c>, so an unchanged
/// passage keeps its id across re-ingestion and a changed one gets a new id.
/// </para>
/// <para>Instances are immutable and thread-safe. <see cref="Text"/> may contain personal data unless an
/// <see cref="IIngestionTransform"/> de-identified it before indexing.</para>
/// </remarks>
public sealed class DocumentChunk
{
    /// <summary>Gets the stable chunk id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the id of the document the chunk belongs to.</summary>
    public required string DocumentId { get; init; }

    /// <summary>Gets the zero-based position of the chunk within its document.</summary>
    public required int Ordinal { get; init; }

    /// <summary>Gets the SHA-256 of <see cref="Text"/> (lower-case hex).</summary>
    public required string ContentHash { get; init; }

    /// <summary>Gets the SHA-256 of the whole document and its metadata (lower-case hex); unchanged documents are skipped on re-ingestion.</summary>
    public required string DocumentHash { get; init; }

    /// <summary>Gets the chunk text: exactly <c>document.Text[Start..End]</c>.</summary>
    public required string Text { get; init; }

    /// <summary>Gets the offset of the chunk in the document text (UTF-16 code units).</summary>
    public required int Start { get; init; }

    /// <summary>Gets the end offset (exclusive) of the chunk in the document text.</summary>
    public required int End { get; init; }

    /// <summary>Gets the principals allowed to read the chunk; <see cref="PrincipalNames.Everyone"/> means every caller.</summary>
    public required IReadOnlyList<string> AllowedPrincipals { get; init; }

    /// <summary>Gets the document title, if any.</summary>
    public string? Title { get; init; }

    /// <summary>Gets the heading path of the section the chunk is in (for example <c>Retention &gt; Audit logs</c>), if any.</summary>
    public string? SectionPath { get; init; }

    /// <summary>Gets the source URI or path of the document, if any.</summary>
    public string? SourceUri { get; init; }

    /// <summary>Gets the classification label of the document, if any.</summary>
    public string? Classification { get; init; }

    /// <summary>Gets the document version label, if any.</summary>
    public string? Version { get; init; }

    /// <summary>Gets when the chunk was ingested.</summary>
    public DateTimeOffset IngestedAt { get; init; }

    /// <summary>Gets additional document metadata, if any.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Builds a stable chunk id from the document id, the ordinal and the content hash.</summary>
    /// <param name="documentId">The document id.</param>
    /// <param name="ordinal">The zero-based position of the chunk.</param>
    /// <param name="contentHash">The SHA-256 of the chunk text (hex, at least 16 characters).</param>
    /// <returns>The id <c>{documentId}#{ordinal}-{contentHash[..16]}</c>.</returns>
    public static string CreateId(string documentId, int ordinal, string contentHash)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        ArgumentOutOfRangeException.ThrowIfNegative(ordinal);
        ArgumentNullException.ThrowIfNull(contentHash);
        ArgumentOutOfRangeException.ThrowIfLessThan(contentHash.Length, 16, nameof(contentHash));
        return string.Create(CultureInfo.InvariantCulture, $"{documentId}#{ordinal}-{contentHash.AsSpan(0, 16)}");
    }

    /// <summary>Gets the value of a filterable field by name: <c>document_id</c>, <c>classification</c>, <c>version</c>, <c>source</c>, <c>title</c>, or a <see cref="Metadata"/> key.</summary>
    /// <param name="name">The field name.</param>
    /// <returns>The value, or <see langword="null"/> when the chunk has none.</returns>
    public string? GetField(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name switch
        {
            ChunkFields.DocumentId => DocumentId,
            ChunkFields.Classification => Classification,
            ChunkFields.Version => Version,
            ChunkFields.Source => SourceUri,
            ChunkFields.Title => Title,
            _ => Metadata is not null && Metadata.TryGetValue(name, out string? value) ? value : null,
        };
    }
}
