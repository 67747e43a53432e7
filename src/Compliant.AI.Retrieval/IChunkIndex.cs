namespace Compliant.AI;

/// <summary>An index that <see cref="DocumentIngestor"/> writes chunks into, one document at a time.</summary>
/// <remarks>
/// <para>
/// Replacing a document's chunks removes every chunk of the previous version (no stale chunks), and the document hash
/// lets the ingestor skip documents that did not change. Implementations are thread-safe; a reader sees either the old
/// or the new chunks of a document, never a mix, where the store can guarantee it (document it otherwise).
/// </para>
/// <para>Implementations: <see cref="InMemoryBm25Index"/> (lexical), <see cref="VectorChunkIndex"/> (embeds and writes to any
/// <see cref="IVectorChunkStore"/>).</para>
/// </remarks>
public interface IChunkIndex
{
    /// <summary>Gets the <see cref="DocumentChunk.DocumentHash"/> of the indexed version of a document.</summary>
    /// <param name="documentId">The document id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The hash, or <see langword="null"/> when the document is not indexed.</returns>
    ValueTask<string?> GetDocumentHashAsync(string documentId, CancellationToken cancellationToken = default);

    /// <summary>Replaces every chunk of a document with <paramref name="chunks"/>.</summary>
    /// <param name="documentId">The document id; every chunk must belong to it.</param>
    /// <param name="chunks">The new chunks (at least one), in ordinal order.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the chunks are searchable.</returns>
    Task ReplaceDocumentAsync(string documentId, IReadOnlyList<DocumentChunk> chunks, CancellationToken cancellationToken = default);

    /// <summary>Removes every chunk of a document.</summary>
    /// <param name="documentId">The document id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> when the document was indexed.</returns>
    Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default);
}
