using System.Net;
using System.Text.Json;
using Compliant.AI.Tests.Fakes;

namespace Compliant.AI.Tests.Contract;

/// <summary>
/// Every request the store sends is checked against Qdrant's OpenAPI v1.19 spec (method and path exist, query
/// parameters are declared, the body matches the request schema in strict mode), and the fake answers with
/// spec-validated response shapes, so the store's parsing is exercised on what Qdrant documents.
/// Skipped (with the reason) when <c>../shared/data/qdrant-openapi</c> is absent.
/// </summary>
public sealed class QdrantContractTests
{
    private static QdrantOpenApiSpec Spec => QdrantOpenApiSpec.Load()!;

    [DatasetFact(QdrantOpenApiSpec.DatasetName)]
    public void Spec_Version119_HasQueryButNoLegacySearch()
    {
        Assert.Equal("v1.19.x", Spec.Version);
        Assert.True(Spec.HasPath("/collections/{collection_name}/points/query"));
        Assert.False(Spec.HasPath("/collections/{collection_name}/points/search"));
    }

    [DatasetFact(QdrantOpenApiSpec.DatasetName)]
    public void Validator_ValidQueryRequest_HasNoErrors()
    {
        JsonElement body = JsonDocument.Parse("""
            {"query":[0.1,0.2],"filter":{"must":[{"key":"acl","match":{"any":["*","user:a"]}},{"key":"classification","match":{"value":"internal"}}]},"limit":5,"with_payload":true,"with_vector":false}
            """).RootElement;
        Assert.Empty(Spec.StrictValidator.Validate(body, Spec.Schema("QueryRequest")));
    }

    [QdrantSpecTheory]
    [InlineData("QueryRequest", """{"query":[0.1],"filter":{"must":[{"key":"acl","mach":{"any":["*"]}}]}}""")]
    [InlineData("QueryRequest", """{"query":[0.1],"limit":0}""")]
    [InlineData("QueryRequest", """{"query":[0.1],"filter":{"must":[{"key":"acl","match":{"any":["*","*"]}}]}}""")]
    [InlineData("QueryRequest", """{"query":[0.1],"filter":{"muts":[]}}""")]
    [InlineData("QueryRequest", """{"vector":[0.1]}""")]
    [InlineData("PointInsertOperations", """{"points":[{"id":"chunk-1","vector":[0.1]}]}""")]
    [InlineData("PointInsertOperations", """{"points":[{"id":-1,"vector":[0.1]}]}""")]
    [InlineData("PointInsertOperations", """{"points":[{"vector":[0.1]}]}""")]
    [InlineData("CreateCollection", """{"vectors":{"size":4,"distance":"cosine"}}""")]
    [InlineData("CreateFieldIndex", """{"field_name":"acl","field_schema":"keywords"}""")]
    [InlineData("PointsSelector", """{"filter":{"must":[{"has_id":["not-a-uuid"]}]}}""")]
    [InlineData("ScrollRequest", """{"limit":10,"offset":{"id":1}}""")]
    public void Validator_MalformedBody_IsRejected(string schema, string json)
    {
        // Proves the validator is not vacuous: each body has one mistake a careless client could make.
        Assert.NotEmpty(Spec.StrictValidator.Validate(JsonDocument.Parse(json).RootElement, Spec.Schema(schema)));
    }

    [DatasetFact(QdrantOpenApiSpec.DatasetName)]
    public async Task EnsureCollection_Missing_CreatesCollectionAndKeywordIndexes()
    {
        var server = new FakeQdrantServer(Spec);
        using QdrantVectorStore store = QdrantTestData.Store(server);

        await store.EnsureCollectionAsync();

        Assert.Equal(["collection_exists", "create_collection", "create_field_index", "create_field_index"], server.Requests.Select(r => r.OperationId));
        FakeQdrantCollectionState collection = server.Collections["test_chunks"];
        Assert.Equal(QdrantTestData.Dimensions, collection.VectorSize);
        Assert.Equal("Cosine", collection.Distance);
        Assert.Equal("\"keyword\"", collection.Indexes["acl"]);
        Assert.Equal("\"keyword\"", collection.Indexes["document_id"]);
        Assert.Empty(server.Violations);
    }

    [DatasetFact(QdrantOpenApiSpec.DatasetName)]
    public async Task ReplaceDocument_Batches_SendSpecValidUpsertsThenStaleDelete()
    {
        var server = new FakeQdrantServer(Spec);
        using QdrantVectorStore store = QdrantTestData.Store(server, QdrantTestData.Options(batchSize: 2));
        EmbeddedChunk[] chunks = [.. Enumerable.Range(0, 5).Select(i => QdrantTestData.Embedded(QdrantTestData.Chunk("doc-1", i, "text " + i, ["group:nurses"], metadata: new Dictionary<string, string> { ["region"] = "eu" })))];

        await store.ReplaceDocumentAsync("doc-1", chunks);

        CapturedRequest[] writes = [.. server.Requests.Where(r => r.OperationId is "upsert_points" or "delete_points")];
        Assert.Equal(["upsert_points", "upsert_points", "upsert_points", "delete_points"], writes.Select(r => r.OperationId));
        Assert.All(writes, r => Assert.Equal("true", r.Query["wait"]));
        Assert.Equal([2, 2, 1], writes.Take(3).Select(r => r.Body!.Value.GetProperty("points").GetArrayLength()));
        JsonElement delete = writes[3].Body!.Value.GetProperty("filter");
        Assert.Equal(5, delete.GetProperty("must_not")[0].GetProperty("has_id").GetArrayLength());
        Assert.Equal(5, server.Collections["test_chunks"].Points.Count);
        Assert.Empty(server.Violations);
    }

    [DatasetFact(QdrantOpenApiSpec.DatasetName)]
    public async Task Search_SendsSpecValidQuery_AndParsesScoredPoints()
    {
        var server = new FakeQdrantServer(Spec);
        using QdrantVectorStore store = QdrantTestData.Store(server);
        await store.ReplaceDocumentAsync("doc-1", [QdrantTestData.Embedded(QdrantTestData.Chunk("doc-1", 0, "alpha", classification: "internal"), 1, 0, 0, 0)]);
        var caller = new CallerContext("u1", ["nurses"]);

        ChunkSearchResult result = await store.SearchAsync(new float[] { 1, 0, 0, 0 }, ChunkSearchFilter.ForCaller(caller, new Dictionary<string, string> { ["classification"] = "internal", ["region"] = "eu" }), 3);

        CapturedRequest query = Assert.Single(server.Requests, r => r.OperationId == "query_points");
        JsonElement must = query.Body!.Value.GetProperty("filter").GetProperty("must");
        Assert.Equal("acl", must[0].GetProperty("key").GetString());
        Assert.Equal(["*", "group:nurses", "user:u1"], must[0].GetProperty("match").GetProperty("any").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("classification", must[1].GetProperty("key").GetString());
        Assert.Equal("metadata.region", must[2].GetProperty("key").GetString());
        Assert.Empty(result.Hits); // The region filter excludes the only chunk.
        Assert.Empty(server.Violations);

        ChunkSearchResult unfiltered = await store.SearchAsync(new float[] { 1, 0, 0, 0 }, ChunkSearchFilter.ForCaller(caller), 3);
        ScoredChunk hit = Assert.Single(unfiltered.Hits);
        Assert.Equal("alpha", hit.Chunk.Text);
        Assert.Equal(1.0, hit.Score, 5);
        Assert.Empty(server.Violations);
    }

    [DatasetFact(QdrantOpenApiSpec.DatasetName)]
    public async Task Scroll_PagesWithNextPageOffset_SpecValid()
    {
        var server = new FakeQdrantServer(Spec);
        using QdrantVectorStore store = QdrantTestData.Store(server, QdrantTestData.Options(scrollPage: 2));
        await store.ReplaceDocumentAsync("doc-1", [.. Enumerable.Range(0, 5).Select(i => QdrantTestData.Embedded(QdrantTestData.Chunk("doc-1", i, "t" + i)))]);

        List<DocumentChunk> listed = [];
        await foreach (DocumentChunk chunk in store.ScrollAsync("doc-1"))
        {
            listed.Add(chunk);
        }

        Assert.Equal(5, listed.Count);
        CapturedRequest[] scrolls = [.. server.Requests.Where(r => r.OperationId == "scroll_points")];
        Assert.Equal(3, scrolls.Length);
        Assert.False(scrolls[0].Body!.Value.TryGetProperty("offset", out _));
        Assert.Equal(JsonValueKind.String, scrolls[1].Body!.Value.GetProperty("offset").ValueKind);
        Assert.Empty(server.Violations);
    }

    [DatasetFact(QdrantOpenApiSpec.DatasetName)]
    public async Task GetDocumentHashAndDelete_SpecValid()
    {
        var server = new FakeQdrantServer(Spec);
        using QdrantVectorStore store = QdrantTestData.Store(server);
        await store.ReplaceDocumentAsync("doc-1", [QdrantTestData.Embedded(QdrantTestData.Chunk("doc-1", 0, "x", documentHash: "h1"))]);

        Assert.Equal("h1", await store.GetDocumentHashAsync("doc-1"));
        Assert.True(await store.DeleteDocumentAsync("doc-1"));
        Assert.False(await store.DeleteDocumentAsync("doc-1"));
        Assert.Null(await store.GetDocumentHashAsync("doc-1"));

        Assert.Contains(server.Requests, r => r.OperationId == "count_points");
        Assert.Contains(server.Requests, r => r.OperationId == "scroll_points" && r.Body!.Value.GetProperty("with_payload").ValueKind == JsonValueKind.Array);
        Assert.Empty(server.Violations);
    }

    [DatasetFact(QdrantOpenApiSpec.DatasetName)]
    public async Task ErrorResponse_SpecShaped_BecomesQdrantExceptionWithServerText()
    {
        var server = new FakeQdrantServer(Spec);
        using QdrantVectorStore store = QdrantTestData.Store(server, new QdrantOptions { Endpoint = new Uri("http://qdrant.test:6333"), Collection = "missing", VectorSize = 4, CreateCollectionIfMissing = false });

        QdrantException error = await Assert.ThrowsAsync<QdrantException>(() => store.SearchAsync(new float[] { 1, 0, 0, 0 }, ChunkSearchFilter.ForCaller(CallerContext.Anonymous), 1));

        Assert.Equal(QdrantErrorKind.ServerError, error.Kind);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("query_points", error.Operation);
        Assert.Contains("doesn't exist", error.ServerError, StringComparison.Ordinal);
        Assert.Empty(server.Violations);
    }

    [DatasetFact(QdrantOpenApiSpec.DatasetName)]
    public async Task Retriever_EndToEnd_EveryRequestIsSpecValid()
    {
        var server = new FakeQdrantServer(Spec);
        using QdrantVectorStore store = QdrantTestData.Store(server);
        var generator = new FakeEmbeddingGenerator();
        var index = new VectorChunkIndex(store, generator);
        await index.ReplaceDocumentAsync("pub", [QdrantTestData.Chunk("pub", 0, "public policy text")]);
        await index.ReplaceDocumentAsync("sec", [QdrantTestData.Chunk("sec", 0, "restricted policy text", ["group:auditors"])]);
        var retriever = new QdrantRetriever(store, generator, new DenseRetrieverOptions { MinimumSimilarity = -1 });

        RetrievalResult result = await retriever.RetrieveAsync(new RetrievalRequest("policy", new CallerContext("u1", ["nurses"])) { TopK = 5 });

        Assert.Equal(["pub"], result.Passages.Select(p => p.DocumentId));
        Assert.Subset(
            new HashSet<string> { "collection_exists", "create_collection", "create_field_index", "upsert_points", "delete_points", "query_points" },
            server.Requests.Select(r => r.OperationId!).ToHashSet());
        Assert.Empty(server.Violations);
    }
}
