using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Compliant.AI;

/// <summary>Dense retrieval from a Qdrant collection: embeds the query and searches with the caller's access filter inside Qdrant.</summary>
/// <remarks>
/// <para>
/// The query is embedded with the given generator (the one the chunks were embedded with), Qdrant ranks only the points
/// whose <c>acl</c> names the caller, and every returned point is checked again in the store and in the retriever.
/// Behaves exactly like <see cref="DenseRetriever"/> over a <see cref="QdrantVectorStore"/>, including its
/// <c>compliant_ai.retrieval</c> span and <see cref="RetrievalResult.HasEvidence"/> threshold.
/// </para>
/// <para>The query text goes to the embedding generator: put PII redaction in front of a remote embedding API.</para>
/// <para>Thread-safe.</para>
/// </remarks>
public sealed class QdrantRetriever : IRetriever
{
    private readonly DenseRetriever _inner;

    /// <summary>Initializes a new instance of the <see cref="QdrantRetriever"/> class.</summary>
    /// <param name="store">The Qdrant store.</param>
    /// <param name="generator">The embedding generator the chunks were embedded with.</param>
    /// <param name="options">The dense retrieval options (evidence threshold), or <see langword="null"/> for the defaults.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    public QdrantRetriever(QdrantVectorStore store, IEmbeddingGenerator<string, Embedding<float>> generator, DenseRetrieverOptions? options = null, ILogger<QdrantRetriever>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(generator);
        Store = store;
        _inner = new DenseRetriever(store, generator, options, logger);
    }

    /// <summary>Gets the Qdrant store this retriever searches.</summary>
    public QdrantVectorStore Store { get; }

    /// <inheritdoc/>
    /// <exception cref="QdrantException">Qdrant failed or timed out.</exception>
    public Task<RetrievalResult> RetrieveAsync(RetrievalRequest request, CancellationToken cancellationToken = default) =>
        _inner.RetrieveAsync(request, cancellationToken);
}
