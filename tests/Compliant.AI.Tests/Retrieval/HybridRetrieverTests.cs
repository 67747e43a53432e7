namespace Compliant.AI.Tests.Retrieval;

public sealed class HybridRetrieverTests
{
    private static RetrievedPassage P(string id) => new() { ChunkId = id, DocumentId = id, Text = id };

    [Fact]
    public async Task RetrieveAsync_FusesByReciprocalRank()
    {
        var first = new FixedRetriever(P("a"), P("b"), P("c"));
        var second = new FixedRetriever(P("c"), P("a"), P("d"));
        var hybrid = new HybridRetriever([first, second], new HybridRetrieverOptions { RrfK = 60 });

        RetrievalResult result = await hybrid.RetrieveAsync(new RetrievalRequest("q", CallerContext.Anonymous) { TopK = 3 });

        Assert.Equal(["a", "c", "b"], result.Passages.Select(p => p.ChunkId).ToArray());
        Assert.Equal((1.0 / 61) + (1.0 / 62), result.Passages[0].Score, 12);
    }

    [Fact]
    public async Task RetrieveAsync_Reranker_ReordersButCannotInjectPassages()
    {
        var inner = new FixedRetriever(P("a"), P("b"), P("c"));
        var hybrid = new HybridRetriever([inner], reranker: new ReversingReranker());

        RetrievalResult result = await hybrid.RetrieveAsync(new RetrievalRequest("q", CallerContext.Anonymous) { TopK = 5 });

        Assert.Equal(["c", "b", "a"], result.Passages.Select(p => p.ChunkId).ToArray());
    }

    [Fact]
    public async Task RetrieveAsync_WithBm25AndHashingDense_FindsLexicalMatches()
    {
        (InMemoryBm25Index bm25, InMemoryVectorStore vectors, HashingEmbeddingGenerator generator) = await RetrievalTestData.BuildAsync();
        var hybrid = new HybridRetriever([bm25, new DenseRetriever(vectors, generator)]);

        RetrievalResult result = await hybrid.RetrieveAsync(new RetrievalRequest("how long are audit logs retained", CallerContext.Anonymous));

        Assert.Equal("public-retention", result.Passages[0].DocumentId);
        Assert.True(result.HasEvidence);
    }

    private sealed class FixedRetriever(params RetrievedPassage[] passages) : IRetriever
    {
        public Task<RetrievalResult> RetrieveAsync(RetrievalRequest request, CancellationToken cancellationToken = default) =>
            Task.FromResult(new RetrievalResult(passages.Take(request.TopK).ToList()));
    }

    private sealed class ReversingReranker : IReranker
    {
        public Task<IReadOnlyList<RetrievedPassage>> RerankAsync(string query, IReadOnlyList<RetrievedPassage> passages, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<RetrievedPassage>>([.. passages.Reverse(), P("injected")]);
    }
}
