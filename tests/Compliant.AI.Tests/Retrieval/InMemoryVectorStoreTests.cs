namespace Compliant.AI.Tests.Retrieval;

public sealed class InMemoryVectorStoreTests
{
    private static EmbeddedChunk E(string doc, float[] v, string acl = "*") => new(new DocumentChunk
    {
        Id = doc + "#0", DocumentId = doc, Ordinal = 0, ContentHash = "c", DocumentHash = "h-" + doc, Text = doc, Start = 0, End = doc.Length, AllowedPrincipals = [acl],
    }, v);

    [Fact]
    public async Task SearchAsync_ReturnsByCosineAndCountsDenied()
    {
        using var store = new InMemoryVectorStore();
        await store.ReplaceDocumentAsync("a", [E("a", [1, 0, 0])]);
        await store.ReplaceDocumentAsync("b", [E("b", [0.9f, 0.1f, 0], "group:x")]);
        await store.ReplaceDocumentAsync("c", [E("c", [0, 1, 0])]);

        ChunkSearchResult result = await store.SearchAsync(new float[] { 2, 0, 0 }, ChunkSearchFilter.ForCaller(CallerContext.Anonymous), 2);

        Assert.Equal(["a", "c"], result.Hits.Select(h => h.Chunk.DocumentId).ToArray());
        Assert.Equal(1.0, result.Hits[0].Score, 5);
        Assert.Equal(1, result.DeniedCount);
    }

    [Fact]
    public async Task ReplaceDocumentAsync_DimensionMismatch_Throws()
    {
        using var store = new InMemoryVectorStore();
        await store.ReplaceDocumentAsync("a", [E("a", [1, 0, 0])]);

        await Assert.ThrowsAsync<ArgumentException>(() => store.ReplaceDocumentAsync("b", [E("b", [1, 0])]));
        await Assert.ThrowsAsync<ArgumentException>(() => store.SearchAsync(new float[] { 1, 0 }, ChunkSearchFilter.ForCaller(CallerContext.Anonymous), 1));
    }

    [Fact]
    public async Task ReplaceDocumentAsync_Replaces_AndSlotsAreReused()
    {
        using var store = new InMemoryVectorStore();
        await store.ReplaceDocumentAsync("a", [E("a", [1, 0])]);
        await store.ReplaceDocumentAsync("a", [E("a", [0, 1])]);

        Assert.Equal(1, store.Count);
        ChunkSearchResult result = await store.SearchAsync(new float[] { 0, 1 }, ChunkSearchFilter.ForCaller(CallerContext.Anonymous), 5);
        Assert.Equal(1.0, Assert.Single(result.Hits).Score, 5);
    }
}
