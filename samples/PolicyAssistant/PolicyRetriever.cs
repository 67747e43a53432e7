using Compliant.AI;

namespace PolicyAssistant;

/// <summary>
/// The pipeline's <see cref="IRetriever"/>: BM25 over the current index, or BM25 fused with dense retrieval (hybrid),
/// resolved at query time so a re-ingest takes effect. Hybrid has evidence when BM25's lexical coverage reaches
/// <c>Compliant:Retrieval:Bm25:MinimumTermCoverage</c>, the best passage's cosine similarity reaches
/// <c>Compliant:Retrieval:Dense:MinimumSimilarity</c> or one sentence of the top passages reaches
/// <c>Compliant:Retrieval:Dense:MinimumSentenceSimilarity</c> (all calibrated on the real-documents development set; see
/// docs/grounding.md, "Evidence gate"). It also keeps what retrieval returned for the current ask, so
/// <c>--json</c> and <c>--explain</c> can show why an answer was given or refused.
/// </summary>
public sealed class PolicyRetriever(PolicyLibrary library, Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>? embeddings) : IRetriever
{
    private static readonly AsyncLocal<StrongBox> Current = new();

    /// <summary>Starts capturing the retrieval results of the calling flow (one ask).</summary>
    public static StrongBox BeginCapture() => Current.Value = new StrongBox();

    public async Task<RetrievalResult> RetrieveAsync(RetrievalRequest request, CancellationToken cancellationToken = default)
    {
        IRetriever inner = embeddings is not null && library.Vectors is { } vectors
            ? new HybridRetriever([library.Index, new DenseRetriever(vectors, embeddings, library.Retrieval.Dense)], library.Retrieval.Hybrid)
            : library.Index;
        RetrievalResult result = await inner.RetrieveAsync(request, cancellationToken);
        Current.Value?.Results.Add(result);
        return result;
    }

    /// <summary>The results captured for one ask.</summary>
    public sealed class StrongBox
    {
        public List<RetrievalResult> Results { get; } = [];
    }
}
