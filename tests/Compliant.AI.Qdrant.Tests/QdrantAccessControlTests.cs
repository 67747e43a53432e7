using System.Diagnostics;
using Compliant.AI.Tests.Fakes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Qdrant.Client.Grpc;

namespace Compliant.AI.Tests;

/// <summary>
/// A caller never receives a point they may not read: the principals go into the Qdrant query (pre-filter), and every
/// returned point is checked again (post-check), so even a server that ignores the filter leaks nothing, with hundreds
/// of groups per caller. Restricted text and principals never reach a log or a trace.
/// </summary>
public sealed class QdrantAccessControlTests
{
    private const string RestrictedText = "RESTRICTED merger memo for the board";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Search_CallerWithoutAccess_NeverReceivesRestrictedPoint(bool serverIgnoresFilter)
    {
        var server = new FakeQdrantServer { IgnoreFilters = serverIgnoresFilter };
        using QdrantVectorStore store = QdrantTestData.Store(server);
        await store.ReplaceDocumentAsync("secret", [QdrantTestData.Embedded(QdrantTestData.Chunk("secret", 0, RestrictedText, ["group:board"]), 1, 0, 0, 0)]);
        await store.ReplaceDocumentAsync("public", [QdrantTestData.Embedded(QdrantTestData.Chunk("public", 0, "public memo"), 0.9f, 0.1f, 0, 0)]);
        var caller = new CallerContext("nurse-1", Enumerable.Range(0, 300).Select(i => "ward-" + i));

        ChunkSearchResult result = await store.SearchAsync(new float[] { 1, 0, 0, 0 }, ChunkSearchFilter.ForCaller(caller), 5);

        Assert.Equal(["public"], result.Hits.Select(h => h.Chunk.DocumentId));
        Assert.Equal(serverIgnoresFilter ? 1 : 0, result.DeniedCount);
    }

    [Fact]
    public async Task Search_HundredsOfGroups_SendsEveryPrincipalInOneMatchAny()
    {
        var server = new FakeQdrantServer();
        using QdrantVectorStore store = QdrantTestData.Store(server);
        await store.ReplaceDocumentAsync("ward-417", [QdrantTestData.Embedded(QdrantTestData.Chunk("ward-417", 0, "ward 417 rota", ["group:ward-417"]), 1, 0, 0, 0)]);
        string[] groups = [.. Enumerable.Range(0, 500).Select(i => "ward-" + i)];
        var member = new CallerContext("u1", groups);
        var outsider = new CallerContext("u2", groups.Where(g => g != "ward-417"));

        ChunkSearchResult memberResult = await store.SearchAsync(new float[] { 1, 0, 0, 0 }, ChunkSearchFilter.ForCaller(member), 5);
        ChunkSearchResult outsiderResult = await store.SearchAsync(new float[] { 1, 0, 0, 0 }, ChunkSearchFilter.ForCaller(outsider), 5);

        Assert.Single(memberResult.Hits);
        Assert.Empty(outsiderResult.Hits);
        var query = (QueryPoints)server.Requests.First(r => r.Name == "Query").Request;
        Condition condition = Assert.Single(query.Filter.Must);
        Assert.Equal("acl", condition.Field.Key);
        string[] sent = [.. condition.Field.Match.Keywords.Strings];
        Assert.Equal(502, sent.Length); // 500 groups + the user + "*"
        Assert.Contains("user:u1", sent);
        Assert.Contains("group:ward-417", sent);
        Assert.Contains(PrincipalNames.Everyone, sent);
        Assert.Equal(sent.Length, sent.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Search_AnonymousCaller_SendsOnlyEveryone()
    {
        var server = new FakeQdrantServer();
        using QdrantVectorStore store = QdrantTestData.Store(server);

        await store.SearchAsync(new float[] { 1, 0, 0, 0 }, ChunkSearchFilter.ForCaller(CallerContext.Anonymous), 5);

        var query = (QueryPoints)server.Requests[^1].Request;
        Assert.Equal(["*"], query.Filter.Must[0].Field.Match.Keywords.Strings);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Search_FieldFilter_ServerIgnoresIt_PostCheckStillApplies(bool serverIgnoresFilter)
    {
        var server = new FakeQdrantServer { IgnoreFilters = serverIgnoresFilter };
        using QdrantVectorStore store = QdrantTestData.Store(server);
        await store.ReplaceDocumentAsync("conf", [QdrantTestData.Embedded(QdrantTestData.Chunk("conf", 0, "confidential", classification: "confidential"), 1, 0, 0, 0)]);
        await store.ReplaceDocumentAsync("int", [QdrantTestData.Embedded(QdrantTestData.Chunk("int", 0, "internal", classification: "internal"), 0.5f, 0.5f, 0, 0)]);

        ChunkSearchResult result = await store.SearchAsync(new float[] { 1, 0, 0, 0 }, ChunkSearchFilter.ForCaller(CallerContext.Anonymous, new Dictionary<string, string> { [ChunkFields.Classification] = "internal" }), 5);

        Assert.Equal(["int"], result.Hits.Select(h => h.Chunk.DocumentId));
    }

    [Fact]
    public async Task Search_PointWithoutAcl_IsNeverReturned()
    {
        var server = new FakeQdrantServer { IgnoreFilters = true };
        using QdrantVectorStore store = QdrantTestData.Store(server);
        await store.EnsureCollectionAsync();
        string id = Guid.NewGuid().ToString();
        server.Collections["test_chunks"].Points[id] = new FakePoint(id, [1, 0, 0, 0], QdrantTestData.Payload("""{"chunk_id":"c","document_id":"d","text":"no acl at all"}"""));

        ChunkSearchResult result = await store.SearchAsync(new float[] { 1, 0, 0, 0 }, ChunkSearchFilter.ForCaller(new CallerContext("u", ["g"])), 5);

        Assert.Empty(result.Hits);
    }

    [Fact]
    public async Task Scroll_WithAccess_ServerIgnoresFilter_ListsOnlyReadableChunks()
    {
        var server = new FakeQdrantServer { IgnoreFilters = true };
        using QdrantVectorStore store = QdrantTestData.Store(server);
        await store.ReplaceDocumentAsync("secret", [QdrantTestData.Embedded(QdrantTestData.Chunk("secret", 0, RestrictedText, ["group:board"]))]);
        await store.ReplaceDocumentAsync("public", [QdrantTestData.Embedded(QdrantTestData.Chunk("public", 0, "public memo"))]);

        List<string> listed = [];
        await foreach (DocumentChunk chunk in store.ScrollAsync(access: ChunkSearchFilter.ForCaller(new CallerContext("u", ["staff"]))))
        {
            listed.Add(chunk.DocumentId);
        }

        Assert.Equal(["public"], listed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Retriever_RestrictedPoint_NeverReachesLogsOrTraces(bool serverIgnoresFilter)
    {
        var server = new FakeQdrantServer { IgnoreFilters = serverIgnoresFilter };
        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Compliant.AI",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (activities) { activities.Add(a); } },
        };
        ActivitySource.AddActivityListener(listener);
        using var store = new QdrantVectorStore(server.CreateClient(), QdrantTestData.Options(), logger: loggerFactory.CreateLogger<QdrantVectorStore>());
        var generator = new FakeEmbeddingGenerator(new Dictionary<string, float[]> { [RestrictedText] = [1, 0, 0, 0], ["public memo"] = [0.9f, 0.1f, 0, 0], ["memo"] = [1, 0, 0, 0] });
        var index = new VectorChunkIndex(store, generator);
        await index.ReplaceDocumentAsync("secret", [QdrantTestData.Chunk("secret", 0, RestrictedText, ["group:board-members"])]);
        await index.ReplaceDocumentAsync("public", [QdrantTestData.Chunk("public", 0, "public memo")]);
        var retriever = new QdrantRetriever(store, generator, new DenseRetrieverOptions { MinimumSimilarity = -1 }, loggerFactory.CreateLogger<QdrantRetriever>());

        RetrievalResult result = await retriever.RetrieveAsync(new RetrievalRequest("memo", new CallerContext("nurse-7", ["ward-3"])) { TopK = 5 });

        Assert.Equal(["public"], result.Passages.Select(p => p.DocumentId));
        string secretChunkId = QdrantTestData.Chunk("secret", 0, RestrictedText, ["group:board-members"]).Id;
        string[] forbidden = [RestrictedText, "board-members", "nurse-7", "ward-3", secretChunkId];
        foreach (FakeLogRecord record in logs.GetSnapshot())
        {
            Assert.DoesNotContain(forbidden, f => record.Message.Contains(f, StringComparison.Ordinal));
        }

        // Other tests run in parallel and the listener sees their activities too: read a snapshot taken under the lock.
        Activity[] stopped;
        lock (activities)
        {
            stopped = [.. activities];
        }

        Assert.NotEmpty(stopped);
        foreach (Activity activity in stopped)
        {
            foreach (KeyValuePair<string, object?> tag in activity.TagObjects)
            {
                string value = tag.Value is System.Collections.IEnumerable e and not string ? string.Join(",", e.Cast<object>()) : tag.Value?.ToString() ?? string.Empty;
                Assert.DoesNotContain(forbidden, f => value.Contains(f, StringComparison.Ordinal));
            }
        }
    }

    /// <summary>For any access lists and any caller, every hit is readable by the caller, whether or not the server applies the filter.</summary>
    [Property(MaxTest = 40)]
    public Property Search_AnyAclsAnyCaller_ReturnsOnlyReadableChunks(bool serverIgnoresFilter, PositiveInt seed)
    {
        var random = new Random(seed.Get);
        string[] groups = [.. Enumerable.Range(0, 12).Select(i => "g" + i)];
        var server = new FakeQdrantServer { IgnoreFilters = serverIgnoresFilter };
        using QdrantVectorStore store = QdrantTestData.Store(server);
        var acls = new Dictionary<string, string[]>();
        for (int d = 0; d < 10; d++)
        {
            string[] acl = random.Next(6) == 0
                ? [PrincipalNames.Everyone]
                : [.. groups.Where(_ => random.Next(4) == 0).Select(PrincipalNames.Group).Append(PrincipalNames.User("u" + random.Next(3)))];
            acls["d" + d] = acl;
            store.ReplaceDocumentAsync("d" + d, [QdrantTestData.Embedded(QdrantTestData.Chunk("d" + d, 0, "text " + d, acl))]).GetAwaiter().GetResult();
        }

        var caller = new CallerContext("u" + random.Next(3), groups.Where(_ => random.Next(3) == 0));
        var filter = ChunkSearchFilter.ForCaller(caller);
        ChunkSearchResult result = store.SearchAsync(QdrantTestData.VectorFor("q" + seed.Get), filter, 10).GetAwaiter().GetResult();

        int readable = acls.Values.Count(acl => filter.IsReadable(acl));
        return (result.Hits.All(h => filter.IsReadable(acls[h.Chunk.DocumentId])) && result.Hits.Count == readable).ToProperty();
    }
}
