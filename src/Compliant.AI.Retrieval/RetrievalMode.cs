namespace Compliant.AI;

/// <summary>Which retriever <c>AddInMemoryRetrieval</c> registers as <see cref="IRetriever"/>.</summary>
public enum RetrievalMode
{
    /// <summary>BM25 only (no embedding generator needed).</summary>
    Bm25 = 0,

    /// <summary>Exact cosine over the registered <c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c>.</summary>
    Dense = 1,

    /// <summary>BM25 and dense fused by Reciprocal Rank Fusion, then the registered <see cref="IReranker"/> if any.</summary>
    Hybrid = 2,
}
