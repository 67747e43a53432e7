using Compliant.AI.Internal;
using Microsoft.Extensions.AI;

namespace Compliant.AI;

/// <summary>An <see cref="IChunkIndex"/> that embeds chunks in batches and writes them to an <see cref="IVectorChunkStore"/>.</summary>
/// <remarks>
/// Chunk text goes to the embedding generator: de-identify documents with an <see cref="IIngestionTransform"/> before
/// they reach a remote embedding API. Thread-safe when the store and the generator are.
/// </remarks>
public sealed class VectorChunkIndex : IChunkIndex
{
    private readonly IVectorChunkStore _store;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;
    private readonly int _batchSize;

    /// <summary>Initializes a new instance of the <see cref="VectorChunkIndex"/> class.</summary>
    /// <param name="store">The vector store to write to.</param>
    /// <param name="generator">The embedding generator.</param>
    /// <param name="batchSize">How many chunk texts to embed per generator call. The default is 64.</param>
    public VectorChunkIndex(IVectorChunkStore store, IEmbeddingGenerator<string, Embedding<float>> generator, int batchSize = 64)
    {
        _store = Throw.IfNull(store);
        _generator = Throw.IfNull(generator);
        _batchSize = Throw.IfLessThan(batchSize, 1);
    }

    /// <summary>Gets the store this index writes to.</summary>
    public IVectorChunkStore Store => _store;

    /// <inheritdoc/>
    public ValueTask<string?> GetDocumentHashAsync(string documentId, CancellationToken cancellationToken = default) =>
        _store.GetDocumentHashAsync(documentId, cancellationToken);

    /// <inheritdoc/>
    public async Task ReplaceDocumentAsync(string documentId, IReadOnlyList<DocumentChunk> chunks, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(documentId);
        Throw.IfNull(chunks);
        var embedded = new EmbeddedChunk[chunks.Count];
        for (int offset = 0; offset < chunks.Count; offset += _batchSize)
        {
            int count = Math.Min(_batchSize, chunks.Count - offset);
            var texts = new string[count];
            for (int i = 0; i < count; i++)
            {
                texts[i] = chunks[offset + i].Text;
            }

            GeneratedEmbeddings<Embedding<float>> vectors = await _generator.GenerateAsync(texts, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (vectors.Count != count)
            {
                throw new InvalidOperationException($"The embedding generator returned {vectors.Count} embeddings for {count} inputs.");
            }

            for (int i = 0; i < count; i++)
            {
                embedded[offset + i] = new EmbeddedChunk(chunks[offset + i], vectors[i].Vector);
            }
        }

        await _store.ReplaceDocumentAsync(documentId, embedded, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default) =>
        _store.DeleteDocumentAsync(documentId, cancellationToken);
}
