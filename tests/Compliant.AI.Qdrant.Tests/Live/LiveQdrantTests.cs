using Compliant.AI.Tests.Fakes;

namespace Compliant.AI.Tests.Live;

/// <summary>
/// Runs the store against a real Qdrant server when <c>QDRANT_URL</c> is set (see docs/qdrant.md), each test in its own
/// throw-away collection that is deleted afterwards; reported as skipped with the reason otherwise.
/// </summary>
public sealed class LiveQdrantTests
{
    [LiveQdrantFact]
    public Task Store_FullLifecycle_AgainstRealServer() => RunLifecycleAsync(LiveQdrantFactAttribute.Url, LiveQdrantFactAttribute.ApiKey);

    /// <summary>Create collection, upsert with ACLs, query with ACL (hundreds of groups), re-ingest, scroll, delete by filter, clean up.</summary>
    internal static async Task RunLifecycleAsync(Uri url, string? apiKey, HttpMessageHandler? handler = null)
    {
        string collection = "compliant_live_" + Guid.NewGuid().ToString("N")[..12];
        using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        var options = new QdrantOptions
        {
            Endpoint = url,
            ApiKey = apiKey,
            Collection = collection,
            VectorSize = QdrantTestData.Dimensions,
            UpsertBatchSize = 2,
            ScrollPageSize = 2,
        };
        using var store = new QdrantVectorStore(http, options);
        try
        {
            // Create the collection and its keyword indexes.
            await store.EnsureCollectionAsync();
            Assert.True(await store.Client.CollectionExistsAsync(collection, default));

            // Upsert three documents with different access lists (batches of two).
            await store.ReplaceDocumentAsync("public", [QdrantTestData.Embedded(QdrantTestData.Chunk("public", 0, "public policy"), 0.9f, 0.1f, 0, 0)]);
            await store.ReplaceDocumentAsync("board", [QdrantTestData.Embedded(QdrantTestData.Chunk("board", 0, "board memo", ["group:board"]), 1, 0, 0, 0)]);
            await store.ReplaceDocumentAsync("multi", [.. Enumerable.Range(0, 3).Select(i => QdrantTestData.Embedded(QdrantTestData.Chunk("multi", i, "multi " + i, ["user:alice"], classification: "internal", documentHash: "v1")))]);

            // Query with ACL: an outsider with hundreds of groups sees only the public document; a board member sees the memo first.
            var outsider = new CallerContext("bob", Enumerable.Range(0, 300).Select(i => "team-" + i));
            ChunkSearchResult outsiderHits = await store.SearchAsync(new float[] { 1, 0, 0, 0 }, ChunkSearchFilter.ForCaller(outsider), 10);
            Assert.Equal(["public"], outsiderHits.Hits.Select(h => h.Chunk.DocumentId));
            Assert.Equal(0, outsiderHits.DeniedCount);

            ChunkSearchResult memberHits = await store.SearchAsync(new float[] { 1, 0, 0, 0 }, ChunkSearchFilter.ForCaller(new CallerContext("carol", ["board"])), 10);
            Assert.Equal("board", memberHits.Hits[0].Chunk.DocumentId);
            Assert.InRange(memberHits.Hits[0].Score, 0.99, 1.01);

            ChunkSearchResult filtered = await store.SearchAsync(new float[] { 1, 0, 0, 0 }, ChunkSearchFilter.ForCaller(new CallerContext("alice"), new Dictionary<string, string> { [ChunkFields.Classification] = "internal" }), 10);
            Assert.Equal(3, filtered.Hits.Count);
            Assert.All(filtered.Hits, h => Assert.Equal("multi", h.Chunk.DocumentId));

            // Re-ingest a changed document: stale chunks are deleted by filter.
            Assert.Equal("v1", await store.GetDocumentHashAsync("multi"));
            await store.ReplaceDocumentAsync("multi", [QdrantTestData.Embedded(QdrantTestData.Chunk("multi", 0, "multi changed", ["user:alice"], documentHash: "v2"))]);
            Assert.Equal("v2", await store.GetDocumentHashAsync("multi"));

            // Scroll: one document's points, then everything (pages of two).
            List<DocumentChunk> multi = [];
            await foreach (DocumentChunk chunk in store.ScrollAsync("multi"))
            {
                multi.Add(chunk);
            }

            Assert.Equal(["multi changed"], multi.Select(c => c.Text));
            int all = 0;
            await foreach (DocumentChunk chunk in store.ScrollAsync())
            {
                all++;
            }

            Assert.Equal(3, all);

            // Delete a document by filter.
            Assert.True(await store.DeleteDocumentAsync("board"));
            Assert.False(await store.DeleteDocumentAsync("board"));
            Assert.Equal(2UL, await store.Client.CountAsync(collection, null, default));
        }
        finally
        {
            await store.Client.DeleteCollectionAsync(collection, default);
        }
    }

    [LiveQdrantFact]
    public async Task Store_MissingCollectionWithoutCreation_ThrowsServerError()
    {
        using var http = new HttpClient();
        using var store = new QdrantVectorStore(http, new QdrantOptions
        {
            Endpoint = LiveQdrantFactAttribute.Url,
            ApiKey = LiveQdrantFactAttribute.ApiKey,
            Collection = "compliant_missing_" + Guid.NewGuid().ToString("N")[..12],
            VectorSize = QdrantTestData.Dimensions,
            CreateCollectionIfMissing = false,
        });

        QdrantException error = await Assert.ThrowsAsync<QdrantException>(() => store.SearchAsync(new float[] { 1, 0, 0, 0 }, ChunkSearchFilter.ForCaller(CallerContext.Anonymous), 1));

        Assert.Equal(QdrantErrorKind.ServerError, error.Kind);
        Assert.Equal(Grpc.Core.StatusCode.NotFound, error.GrpcStatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.StatusCode);
    }
}
