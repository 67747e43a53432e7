namespace Compliant.AI;

/// <summary>A vector store of chunks with access-control pre-filtering: the storage seam for dense retrieval.</summary>
/// <remarks>
/// <para>
/// Implementations: <see cref="InMemoryVectorStore"/> (exact cosine) and the Qdrant store in <c>Compliant.AI.Qdrant</c>.
/// <see cref="SearchAsync"/> must apply <see cref="ChunkSearchFilter.Principals"/> and
/// <see cref="ChunkSearchFilter.Fields"/> inside the query, before ranking (a pre-filter, not a post-filter that could
/// leave fewer than <c>top</c> results); <see cref="DenseRetriever"/> checks every hit again.
/// </para>
/// <para>Implementations are thread-safe and never log or trace chunk text or principals.</para>
/// </remarks>
public interface IVectorChunkStore
{
    /// <summary>Gets the <see cref="DocumentChunk.DocumentHash"/> of the stored version of a document.</summary>
    /// <param name="documentId">The document id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The hash, or <see langword="null"/> when the document is not stored.</returns>
    ValueTask<string?> GetDocumentHashAsync(string documentId, CancellationToken cancellationToken = default);

    /// <summary>Replaces every chunk of a document, removing chunks of its previous version.</summary>
    /// <param name="documentId">The document id; every chunk must belong to it.</param>
    /// <param name="chunks">The new chunks with their vectors (at least one).</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the chunks are searchable.</returns>
    Task ReplaceDocumentAsync(string documentId, IReadOnlyList<EmbeddedChunk> chunks, CancellationToken cancellationToken = default);

    /// <summary>Removes every chunk of a document.</summary>
    /// <param name="documentId">The document id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> when the document was stored.</returns>
    Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default);

    /// <summary>Finds the chunks most similar to a vector among those the filter allows.</summary>
    /// <param name="vector">The query vector.</param>
    /// <param name="filter">The access-control and field filter, applied inside the query.</param>
    /// <param name="top">How many chunks to return at most.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The hits, best first, and the denied count.</returns>
    Task<ChunkSearchResult> SearchAsync(ReadOnlyMemory<float> vector, ChunkSearchFilter filter, int top, CancellationToken cancellationToken = default);
}
