using System.Net;
using Compliant.AI.Tests.Fakes;
using Grpc.Core;
using Qdrant.Client.Grpc;

namespace Compliant.AI.Tests;

public sealed class QdrantVectorStoreTests
{
    [Fact]
    public async Task ReplaceDocument_ChangedDocument_RemovesStaleChunks()
    {
        var server = new FakeQdrantServer();
        using QdrantVectorStore store = QdrantTestData.Store(server);
        await store.ReplaceDocumentAsync("doc", [.. Enumerable.Range(0, 3).Select(i => QdrantTestData.Embedded(QdrantTestData.Chunk("doc", i, "old " + i, documentHash: "v1")))]);
        await store.ReplaceDocumentAsync("other", [QdrantTestData.Embedded(QdrantTestData.Chunk("other", 0, "keep me"))]);

        await store.ReplaceDocumentAsync("doc", [QdrantTestData.Embedded(QdrantTestData.Chunk("doc", 0, "new 0", documentHash: "v2"))]);

        List<DocumentChunk> listed = await ListAsync(store.ScrollAsync("doc"));
        Assert.Equal(["new 0"], listed.Select(c => c.Text));
        Assert.Equal("v2", await store.GetDocumentHashAsync("doc"));
        Assert.Single(await ListAsync(store.ScrollAsync("other")));
    }

    [Fact]
    public async Task ReplaceDocument_SameChunksTwice_IsIdempotent()
    {
        var server = new FakeQdrantServer();
        using QdrantVectorStore store = QdrantTestData.Store(server);
        EmbeddedChunk[] chunks = [.. Enumerable.Range(0, 4).Select(i => QdrantTestData.Embedded(QdrantTestData.Chunk("doc", i, "text " + i)))];

        await store.ReplaceDocumentAsync("doc", chunks);
        string[] firstIds = [.. server.Collections["test_chunks"].Points.Keys];
        await store.ReplaceDocumentAsync("doc", chunks);

        Assert.Equal(firstIds, server.Collections["test_chunks"].Points.Keys);
        Assert.Equal(4, firstIds.Length);
    }

    [Fact]
    public async Task ReplaceDocument_RoundTrip_PreservesEveryChunkField()
    {
        var server = new FakeQdrantServer();
        using QdrantVectorStore store = QdrantTestData.Store(server);
        DocumentChunk original = QdrantTestData.Chunk("doc", 2, "Ünïcödé text \"quoted\"", ["user:a", "group:b"], "confidential", "dh", new Dictionary<string, string> { ["region"] = "eu" });

        await store.ReplaceDocumentAsync("doc", [QdrantTestData.Embedded(original)]);
        DocumentChunk read = Assert.Single(await ListAsync(store.ScrollAsync()));

        Assert.Equal(original.Id, read.Id);
        Assert.Equal(original.DocumentId, read.DocumentId);
        Assert.Equal(original.Ordinal, read.Ordinal);
        Assert.Equal(original.Text, read.Text);
        Assert.Equal(original.Start, read.Start);
        Assert.Equal(original.End, read.End);
        Assert.Equal(original.AllowedPrincipals, read.AllowedPrincipals);
        Assert.Equal(original.Title, read.Title);
        Assert.Equal(original.SectionPath, read.SectionPath);
        Assert.Equal(original.SourceUri, read.SourceUri);
        Assert.Equal(original.Classification, read.Classification);
        Assert.Equal(original.Version, read.Version);
        Assert.Equal(original.ContentHash, read.ContentHash);
        Assert.Equal(original.DocumentHash, read.DocumentHash);
        Assert.Equal(original.IngestedAt, read.IngestedAt);
        Assert.Equal("eu", read.Metadata!["region"]);
    }

    [Fact]
    public async Task ReplaceDocument_SecondBatchFails_ReportsBatchAndWhatWasWritten()
    {
        var server = new FakeQdrantServer();
        int upserts = 0;
        server.Intercept = (request, _) => Task.FromResult(request.Name == "Upsert" && ++upserts == 2
            ? FakeReply.Error(StatusCode.Unavailable, "Service internal error: shard unavailable")
            : null);
        using QdrantVectorStore store = QdrantTestData.Store(server, QdrantTestData.Options(batchSize: 2));
        await store.ReplaceDocumentAsync("doc", [QdrantTestData.Embedded(QdrantTestData.Chunk("doc", 9, "stale", documentHash: "v0"))]);
        upserts = 0;
        int before = server.Requests.Count;
        EmbeddedChunk[] chunks = [.. Enumerable.Range(0, 5).Select(i => QdrantTestData.Embedded(QdrantTestData.Chunk("doc", i, "text " + i, documentHash: "v1")))];

        QdrantUpsertException error = await Assert.ThrowsAsync<QdrantUpsertException>(() => store.ReplaceDocumentAsync("doc", chunks));

        Assert.Equal(1, error.FailedBatchIndex);
        Assert.Equal(3, error.BatchCount);
        Assert.Equal(2, error.PointsWritten);
        Assert.Equal(3, error.PointsNotConfirmed);
        Assert.Equal(chunks.Skip(2).Select(c => c.Chunk.Id), error.NotConfirmedChunkIds);
        Assert.Equal(StatusCode.Unavailable, error.GrpcStatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.True(error.IsTransient);
        Assert.Contains("batch 2 of 3", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(chunks[0].Chunk.Id, error.Message, StringComparison.Ordinal);
        Assert.IsType<QdrantException>(error.InnerException);

        // Nothing after the failed batch was sent, the stale chunk was not deleted, and the mixed document reports no hash,
        // so the next ingestion writes it again instead of skipping it as unchanged.
        Assert.DoesNotContain(server.Requests.Skip(before), r => r.Method == "qdrant.Points/Delete");
        Assert.Equal(2, server.Requests.Skip(before).Count(r => r.Method == "qdrant.Points/Upsert"));
        Assert.Null(await store.GetDocumentHashAsync("doc"));
    }

    [Fact]
    public async Task ReplaceDocument_WrongDimension_ThrowsBeforeSending()
    {
        var server = new FakeQdrantServer();
        using QdrantVectorStore store = QdrantTestData.Store(server);

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => store.ReplaceDocumentAsync("doc", [QdrantTestData.Embedded(QdrantTestData.Chunk("doc", 0, "x"), 1, 2, 3)]));

        Assert.Contains("3 dimensions", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public async Task ReplaceDocument_NonFiniteVector_ThrowsArgumentException(float bad)
    {
        var server = new FakeQdrantServer();
        using QdrantVectorStore store = QdrantTestData.Store(server);

        await Assert.ThrowsAsync<ArgumentException>(() => store.ReplaceDocumentAsync("doc", [QdrantTestData.Embedded(QdrantTestData.Chunk("doc", 0, "x"), 1, bad, 0, 0)]));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task ReplaceDocument_BadChunkLists_ThrowArgumentException()
    {
        var server = new FakeQdrantServer();
        using QdrantVectorStore store = QdrantTestData.Store(server);
        EmbeddedChunk chunk = QdrantTestData.Embedded(QdrantTestData.Chunk("doc", 0, "x"));

        await Assert.ThrowsAsync<ArgumentException>(() => store.ReplaceDocumentAsync("doc", []));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ReplaceDocumentAsync("another", [chunk]));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ReplaceDocumentAsync("doc", [chunk, chunk]));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ReplaceDocumentAsync(" ", [chunk]));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task ReplaceDocument_ServerRejectsDimension_ThrowsUpsertExceptionWithServerText()
    {
        var server = new FakeQdrantServer();
        server.AddCollection("test_chunks", vectorSize: 8);
        using QdrantVectorStore store = QdrantTestData.Store(server);

        QdrantUpsertException error = await Assert.ThrowsAsync<QdrantUpsertException>(() => store.ReplaceDocumentAsync("doc", [QdrantTestData.Embedded(QdrantTestData.Chunk("doc", 0, "x"))]));

        Assert.Equal(StatusCode.InvalidArgument, error.GrpcStatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("Vector dimension error", error.ServerError, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task DeleteDocument_ReportsWhetherItWasStored()
    {
        var server = new FakeQdrantServer();
        using QdrantVectorStore store = QdrantTestData.Store(server);
        await store.ReplaceDocumentAsync("doc", [QdrantTestData.Embedded(QdrantTestData.Chunk("doc", 0, "x")), QdrantTestData.Embedded(QdrantTestData.Chunk("doc", 1, "y"))]);

        Assert.True(await store.DeleteDocumentAsync("doc"));
        Assert.Empty(server.Collections["test_chunks"].Points);
        Assert.False(await store.DeleteDocumentAsync("doc"));
    }

    [Fact]
    public async Task EnsureCollection_CalledByEveryOperation_RunsOnce()
    {
        var server = new FakeQdrantServer();
        using QdrantVectorStore store = QdrantTestData.Store(server);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => store.EnsureCollectionAsync()));
        await store.SearchAsync(new float[] { 1, 0, 0, 0 }, ChunkSearchFilter.ForCaller(CallerContext.Anonymous), 1);

        Assert.Single(server.Requests, r => r.Method == "qdrant.Collections/CollectionExists");
        Assert.Single(server.Requests, r => r.Method == "qdrant.Collections/Create");
    }

    [Fact]
    public async Task EnsureCollection_CreatedConcurrentlyByAnotherProcess_Succeeds()
    {
        var server = new FakeQdrantServer();
        int exists = 0;
        server.Intercept = (request, _) =>
        {
            if (request.Name == "CollectionExists" && ++exists == 1)
            {
                server.AddCollection("test_chunks", QdrantTestData.Dimensions); // created by someone else right after we looked
                return Task.FromResult<FakeReply?>(FakeReply.Ok(new CollectionExistsResponse { Result = new CollectionExists { Exists = false } }));
            }

            return Task.FromResult<FakeReply?>(null);
        };
        using QdrantVectorStore store = QdrantTestData.Store(server);

        await store.EnsureCollectionAsync();

        Assert.Equal(2, server.Collections["test_chunks"].Indexes.Count);
    }

    [Fact]
    public async Task EnsureCollection_CreatesCollectionWithKeywordIndexes_VisibleInCollectionInfo()
    {
        var server = new FakeQdrantServer();
        using QdrantVectorStore store = QdrantTestData.Store(server);

        await store.EnsureCollectionAsync();
        CollectionInfo info = await store.Client.GetCollectionInfoAsync("test_chunks", default);

        var create = (CreateCollection)server.Requests.Single(r => r.Name == "Create").Request;
        Assert.Equal((ulong)QdrantTestData.Dimensions, create.VectorsConfig.Params.Size);
        Assert.Equal(Distance.Cosine, create.VectorsConfig.Params.Distance);
        Assert.Equal(PayloadSchemaType.Keyword, info.PayloadSchema["acl"].DataType);
        Assert.Equal(PayloadSchemaType.Keyword, info.PayloadSchema["document_id"].DataType);
        Assert.All(server.Requests.Where(r => r.Name == "CreateFieldIndex"), r => Assert.True(((CreateFieldIndexCollection)r.Request).Wait));
    }

    [Fact]
    public async Task EnsureCollection_CreationDisabled_SendsNothing()
    {
        var server = new FakeQdrantServer();
        QdrantOptions options = QdrantTestData.Options();
        options.CreateCollectionIfMissing = false;
        using QdrantVectorStore store = QdrantTestData.Store(server, options);

        await store.EnsureCollectionAsync();

        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Requests_ApiKeyConfigured_SendApiKeyHeader()
    {
        var server = new FakeQdrantServer();
        QdrantOptions options = QdrantTestData.Options();
        options.ApiKey = "secret-key";
        using QdrantVectorStore withKey = QdrantTestData.Store(server, options);
        using QdrantVectorStore withoutKey = QdrantTestData.Store(server, QdrantTestData.Options(collection: "other"));

        await withKey.EnsureCollectionAsync();
        await withoutKey.EnsureCollectionAsync();

        Assert.All(server.Requests.Where(r => r.Collection == "test_chunks"), r => Assert.Equal("secret-key", r.ApiKey));
        Assert.All(server.Requests.Where(r => r.Collection == "other"), r => Assert.Null(r.ApiKey));
    }

    [Fact]
    public async Task Requests_GoToTheServiceMethodPaths_OverHttp2()
    {
        var server = new FakeQdrantServer();
        var paths = new List<string>();
        var recorder = new PathRecorder(server, paths.Add);
        using var http = new HttpClient(recorder);
        using var store = new QdrantVectorStore(http, QdrantTestData.Options());

        await store.SearchAsync(new float[] { 1, 0, 0, 0 }, ChunkSearchFilter.ForCaller(CallerContext.Anonymous), 1);

        Assert.Equal(
            ["/qdrant.Collections/CollectionExists", "/qdrant.Collections/Create", "/qdrant.Points/CreateFieldIndex", "/qdrant.Points/CreateFieldIndex", "/qdrant.Points/Query"],
            paths);
    }

    [Fact]
    public async Task Scroll_ServerRepeatsOffset_ThrowsInsteadOfLooping()
    {
        var server = new FakeQdrantServer();
        server.AddCollection("test_chunks", QdrantTestData.Dimensions);
        server.Intercept = (request, _) => Task.FromResult(request.Name == "Scroll"
            ? FakeReply.Ok(new ScrollResponse { NextPageOffset = new PointId { Uuid = "6f1b5a36-0d8e-5c55-9a51-3c7b2d0e9a11" } })
            : null);
        using QdrantVectorStore store = QdrantTestData.Store(server);

        QdrantException error = await Assert.ThrowsAsync<QdrantException>(() => ListAsync(store.ScrollAsync()));

        Assert.Equal(QdrantErrorKind.InvalidResponse, error.Kind);
        Assert.True(server.Requests.Count(r => r.Name == "Scroll") <= 2);
    }

    [Fact]
    public async Task Search_MalformedPayloads_AreSkippedNotThrown()
    {
        var server = new FakeQdrantServer();
        using QdrantVectorStore store = QdrantTestData.Store(server);
        await store.ReplaceDocumentAsync("doc", [QdrantTestData.Embedded(QdrantTestData.Chunk("doc", 0, "good"), 1, 0, 0, 0)]);
        FakeQdrantCollectionState collection = server.Collections["test_chunks"];
        foreach (string payload in new[] { """{"text":"no ids","acl":["*"]}""", """{"chunk_id":"c","document_id":"d","text":"acl as string","acl":"*"}""", """{"chunk_id":"c","document_id":"d","text":"bad start","acl":["*"],"start":-4}""" })
        {
            string id = Guid.NewGuid().ToString();
            collection.Points[id] = new FakePoint(id, [1, 0, 0, 0], QdrantTestData.Payload(payload));
        }

        ChunkSearchResult result = await store.SearchAsync(new float[] { 1, 0, 0, 0 }, ChunkSearchFilter.ForCaller(CallerContext.Anonymous), 10);

        Assert.Equal(["good"], result.Hits.Select(h => h.Chunk.Text));
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsArgumentExceptionNamingTheProblem()
    {
        using var client = new HttpClient();
        ArgumentException error = Assert.Throws<ArgumentException>(() => new QdrantVectorStore(client, new QdrantOptions()));
        Assert.Contains("Endpoint", error.Message, StringComparison.Ordinal);
    }

    private static async Task<List<DocumentChunk>> ListAsync(IAsyncEnumerable<DocumentChunk> source)
    {
        List<DocumentChunk> list = [];
        await foreach (DocumentChunk chunk in source)
        {
            list.Add(chunk);
        }

        return list;
    }

    /// <summary>Records the request path, then hands the call to the fake.</summary>
    private sealed class PathRecorder(FakeQdrantServer server, Action<string> record) : DelegatingHandler(server)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            record(request.RequestUri!.AbsolutePath);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
