using System.Globalization;
using System.Linq.Expressions;
using Compliant.AI.Retrieval.Internal;
using Compliant.AI.Tests.Retrieval.Fakes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.VectorData;

namespace Compliant.AI.Tests.Retrieval;

/// <summary>
/// <see cref="VectorDataChunkStore"/> against a VectorData collection that really evaluates the filter expression and ranks
/// by cosine (<see cref="TestVectorDataCollection"/>), driven through <see cref="DocumentIngestor"/> and <see cref="DenseRetriever"/>.
/// </summary>
public sealed class VectorDataChunkStoreTests
{
    private static readonly HashingEmbeddingGenerator Generator = new();

    [Fact]
    public async Task IngestAsync_ThroughVectorDataCollection_RoundTripsEveryChunkField()
    {
        var collection = new TestVectorDataCollection();
        using var store = new VectorDataChunkStore(collection);
        var captured = new CapturingIndex();
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero));
        var ingestor = new DocumentIngestor([captured, new VectorChunkIndex(store, Generator)], new ChunkingOptions { MaxTokens = 32, OverlapTokens = 0 }, timeProvider: time);
        var document = new SourceDocument("sop-42", "# Retention\nAudit logs are retained for seven years.\n\n# Access\nAccess logs are kept for one year. Reviews happen quarterly and are signed off by the security lead.")
        {
            Format = DocumentFormat.Markdown,
            Title = "Audit log retention",
            SourceUri = "kb/sop-42.md",
            AllowedPrincipals = [PrincipalNames.Group("compliance"), PrincipalNames.User("alice")],
            Classification = "internal",
            Version = "3",
            Metadata = new Dictionary<string, string> { ["owner"] = "security", ["region"] = "eu" },
        };

        IngestionResult result = await ingestor.IngestAsync([document]);

        result.ThrowIfFailed();
        Assert.True(captured.Chunks.Count >= 2, "the document should make several chunks");
        Assert.True(collection.Exists, "the collection is created on first use");
        IReadOnlyList<VectorChunkRecord> records = collection.Snapshot();
        Assert.Equal(captured.Chunks.Count, records.Count);
        foreach (DocumentChunk expected in captured.Chunks)
        {
            VectorChunkRecord record = Assert.Single(records, r => r.Key == expected.Id);
            Assert.True(VectorChunkRecordMapping.TryToChunk(record, out DocumentChunk? actual));
            AssertSameChunk(expected, actual);
            Assert.Equal(Generator.Dimensions, record.Embedding.Length);
        }

        // And back through a search, as the caller who may read it.
        DocumentChunk first = captured.Chunks[0];
        ReadOnlyMemory<float> vector = (await Generator.GenerateAsync([first.Text]))[0].Vector;
        ChunkSearchResult found = await store.SearchAsync(vector, ChunkSearchFilter.ForCaller(new CallerContext("alice")), 1);
        ScoredChunk hit = Assert.Single(found.Hits);
        AssertSameChunk(first, hit.Chunk);
        Assert.Equal(1.0, hit.Score, 4);
    }

    [Fact]
    public async Task IngestAsync_SameDocumentsTwice_SecondRunIsANoOp()
    {
        var collection = new TestVectorDataCollection();
        using var store = new VectorDataChunkStore(collection);
        var ingestor = new DocumentIngestor([new VectorChunkIndex(store, Generator)]);

        IngestionResult first = await ingestor.IngestAsync(RetrievalTestData.Corpus());
        int upserts = collection.UpsertCalls;
        IReadOnlyList<VectorChunkRecord> before = collection.Snapshot();
        IngestionResult second = await ingestor.IngestAsync(RetrievalTestData.Corpus());

        Assert.Equal(RetrievalTestData.Corpus().Count, first.Added);
        Assert.Equal(RetrievalTestData.Corpus().Count, second.Unchanged);
        Assert.Equal(0, second.ChunksWritten);
        Assert.Equal(upserts, collection.UpsertCalls);
        Assert.Equal(before.Select(r => r.Key), collection.Snapshot().Select(r => r.Key));
    }

    [Fact]
    public async Task IngestAsync_ChangedDocument_ReplacesItsChunksAndRemovesStaleOnes()
    {
        var collection = new TestVectorDataCollection();
        using var store = new VectorDataChunkStore(collection);
        var captured = new CapturingIndex();
        var ingestor = new DocumentIngestor([captured, new VectorChunkIndex(store, Generator)], new ChunkingOptions { MaxTokens = 16, OverlapTokens = 0 });
        string longText = string.Join(" ", Enumerable.Range(0, 12).Select(i => $"Paragraph {i} explains control number {i} of the access policy."));
        var other = new SourceDocument("other", "Travel needs receipts.") { AllowedPrincipals = [PrincipalNames.Everyone] };
        await ingestor.IngestAsync([new SourceDocument("policy", longText) { AllowedPrincipals = [PrincipalNames.Everyone] }, other]);
        int oldCount = collection.Snapshot().Count(r => r.DocumentId == "policy");
        captured.Chunks.Clear();

        IngestionResult result = await ingestor.IngestAsync([new SourceDocument("policy", "Paragraph 0 explains control number 0 of the access policy.") { AllowedPrincipals = [PrincipalNames.Everyone] }, other]);

        Assert.Equal(1, result.Updated);
        Assert.Equal(1, result.Unchanged);
        Assert.True(oldCount > 1);
        string[] stored = collection.Snapshot().Where(r => r.DocumentId == "policy").Select(r => r.Key).ToArray();
        Assert.Equal(captured.Chunks.Select(c => c.Id).Order(StringComparer.Ordinal), stored);
        Assert.Single(collection.Snapshot(), r => r.DocumentId == "other");
        Assert.Equal(captured.Chunks[0].DocumentHash, await store.GetDocumentHashAsync("policy"));
    }

    [Fact]
    public async Task DeleteDocumentAsync_RemovesEveryRecordOfThatDocumentOnly()
    {
        var collection = new TestVectorDataCollection();
        using var store = new VectorDataChunkStore(collection);
        await new DocumentIngestor([new VectorChunkIndex(store, Generator)]).IngestAsync(RetrievalTestData.Corpus());
        int total = collection.Snapshot().Count;

        Assert.True(await store.DeleteDocumentAsync(RetrievalTestData.SecretDocumentId));
        Assert.False(await store.DeleteDocumentAsync(RetrievalTestData.SecretDocumentId));

        Assert.DoesNotContain(collection.Snapshot(), r => r.DocumentId == RetrievalTestData.SecretDocumentId);
        Assert.Equal(total - 1, collection.Snapshot().Count);
        Assert.Null(await store.GetDocumentHashAsync(RetrievalTestData.SecretDocumentId));
    }

    [Fact]
    public async Task SearchAsync_CallerWithHundredsOfGroups_FilterRunsInsideTheQueryAndFillsTopK()
    {
        // 200 restricted chunks that match the query better than the 10 public ones: a post-filter of the top 5 would
        // return nothing; the pre-filter returns 5 public chunks.
        var collection = new TestVectorDataCollection();
        using var store = new VectorDataChunkStore(collection);
        var docs = new List<SourceDocument>();
        for (int i = 0; i < 200; i++)
        {
            docs.Add(new SourceDocument($"restricted-{i}", "Quarterly revenue forecast revenue forecast figures.") { AllowedPrincipals = [PrincipalNames.Group("finance-" + i.ToString(CultureInfo.InvariantCulture))] });
        }

        for (int i = 0; i < 10; i++)
        {
            docs.Add(new SourceDocument($"public-{i}", $"Revenue forecast note {i} for every employee about the cafeteria.") { AllowedPrincipals = [PrincipalNames.Everyone] });
        }

        await new DocumentIngestor([new VectorChunkIndex(store, Generator)]).IngestAsync(docs);
        var caller = new CallerContext("intern-7", RetrievalTestData.ManyGroups(300, "other-"));
        var retriever = new DenseRetriever(store, Generator);

        RetrievalResult result = await retriever.RetrieveAsync(new RetrievalRequest("quarterly revenue forecast figures", caller) { TopK = 5 });

        Assert.Equal(5, result.Passages.Count);
        Assert.All(result.Passages, p => Assert.StartsWith("public-", p.DocumentId, StringComparison.Ordinal));
        Assert.Equal(0, result.DeniedCount);
        Assert.NotNull(collection.LastSearchFilter);
        Assert.Equal(5, collection.LastSearchTop);

        // A caller in one of the groups reads that group's chunk first.
        RetrievalResult finance = await retriever.RetrieveAsync(new RetrievalRequest("quarterly revenue forecast figures", new CallerContext("cfo", RetrievalTestData.ManyGroups(300, "other-").Append("finance-17"))) { TopK = 5 });
        Assert.Equal("restricted-17", finance.Passages[0].DocumentId);
        Assert.DoesNotContain(finance.Passages, p => p.DocumentId.StartsWith("restricted-", StringComparison.Ordinal) && p.DocumentId != "restricted-17");
    }

    [Fact]
    public void SearchFilter_IsTheArrayOverlapPatternConnectorsTranslate()
    {
        var filter = ChunkSearchFilter.ForCaller(new CallerContext("u1", ["g1", "g2"]), new Dictionary<string, string> { [ChunkFields.Classification] = "internal", ["owner"] = "security" });

        Expression<Func<VectorChunkRecord, bool>> expression = VectorDataFilter.ForSearch(filter);

        // r => r.AllowedPrincipals.Any(p => Enumerable.Contains(principals, p)) && r.Classification == v && Enumerable.Contains(r.Metadata, "owner=security")
        var and = Assert.IsAssignableFrom<BinaryExpression>(expression.Body);
        var any = Assert.IsAssignableFrom<MethodCallExpression>(Assert.IsAssignableFrom<BinaryExpression>(and.Left).Left);
        Assert.Equal(typeof(Enumerable), any.Method.DeclaringType);
        Assert.Equal(nameof(Enumerable.Any), any.Method.Name);
        Assert.Equal(nameof(VectorChunkRecord.AllowedPrincipals), Assert.IsAssignableFrom<MemberExpression>(any.Arguments[0]).Member.Name);
        var contains = Assert.IsAssignableFrom<MethodCallExpression>(Assert.IsAssignableFrom<LambdaExpression>(any.Arguments[1]).Body);
        Assert.Equal(typeof(Enumerable), contains.Method.DeclaringType);
        Assert.Equal(nameof(Enumerable.Contains), contains.Method.Name);

        Func<VectorChunkRecord, bool> compiled = expression.Compile();
        Assert.True(compiled(new VectorChunkRecord { AllowedPrincipals = ["group:g2"], Classification = "internal", Metadata = ["owner=security"] }));
        Assert.True(compiled(new VectorChunkRecord { AllowedPrincipals = [PrincipalNames.Everyone], Classification = "internal", Metadata = ["region=eu", "owner=security"] }));
        Assert.False(compiled(new VectorChunkRecord { AllowedPrincipals = ["group:g3"], Classification = "internal", Metadata = ["owner=security"] }));
        Assert.False(compiled(new VectorChunkRecord { AllowedPrincipals = ["group:g1"], Classification = "public", Metadata = ["owner=security"] }));
        Assert.False(compiled(new VectorChunkRecord { AllowedPrincipals = ["group:g1"], Classification = "internal", Metadata = ["owner=hr"] }));
    }

    [Fact]
    public async Task SearchAsync_FieldFilters_OnlyMatchingChunksReturned()
    {
        var collection = new TestVectorDataCollection();
        using var store = new VectorDataChunkStore(collection);
        await new DocumentIngestor([new VectorChunkIndex(store, Generator)]).IngestAsync(
        [
            new SourceDocument("a", "Incident response runbook.") { AllowedPrincipals = [PrincipalNames.Everyone], Classification = "internal", Metadata = new Dictionary<string, string> { ["team"] = "sre" } },
            new SourceDocument("b", "Incident response runbook for databases.") { AllowedPrincipals = [PrincipalNames.Everyone], Classification = "internal", Metadata = new Dictionary<string, string> { ["team"] = "dba" } },
            new SourceDocument("c", "Incident response runbook, public edition.") { AllowedPrincipals = [PrincipalNames.Everyone], Classification = "public" },
        ]);
        var retriever = new DenseRetriever(store, Generator);

        RetrievalResult byTeam = await retriever.RetrieveAsync(new RetrievalRequest("incident response runbook", CallerContext.Anonymous) { Filters = new Dictionary<string, string> { ["team"] = "dba" } });
        RetrievalResult byClass = await retriever.RetrieveAsync(new RetrievalRequest("incident response runbook", CallerContext.Anonymous) { Filters = new Dictionary<string, string> { [ChunkFields.Classification] = "internal" } });

        Assert.Equal(["b"], byTeam.Passages.Select(p => p.DocumentId));
        Assert.Equal(["a", "b"], byClass.Passages.Select(p => p.DocumentId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SearchAsync_CollectionIgnoringTheFilter_NeverReturnsADeniedPassageAndCountsIt()
    {
        var collection = new TestVectorDataCollection();
        var logs = new FakeLogCollector();
        using var store = new VectorDataChunkStore(collection, logger: new FakeLogger(logs));
        await new DocumentIngestor([new VectorChunkIndex(store, Generator)]).IngestAsync(RetrievalTestData.Corpus());
        collection.IgnoreSearchFilter = true;
        var retriever = new DenseRetriever(store, Generator);
        var caller = new CallerContext("intern-7", RetrievalTestData.ManyGroups(300, "other-"));

        var audit = new AuditScope(new AuditRecord());
        AuditScope.Current = audit;
        RetrievalResult result;
        try
        {
            result = await retriever.RetrieveAsync(new RetrievalRequest($"{RetrievalTestData.SecretWord} acquisition price", caller) { TopK = 5 });
        }
        finally
        {
            AuditScope.Current = null;
        }

        Assert.DoesNotContain(result.Passages, p => p.DocumentId == RetrievalTestData.SecretDocumentId);
        Assert.DoesNotContain(result.Passages, p => p.Text.Contains(RetrievalTestData.SecretWord, StringComparison.Ordinal));
        Assert.All(result.Passages, p => Assert.StartsWith("public-", p.DocumentId, StringComparison.Ordinal));
        Assert.True(result.DeniedCount >= 1);
        Assert.Equal(result.DeniedCount, audit.Record.Counters["retrieval.denied"]);
        FakeLogRecord warning = Assert.Single(logs.GetSnapshot(), l => l.Id.Id == 1220);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.DoesNotContain(RetrievalTestData.SecretDocumentId, warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(RetrievalTestData.SecretWord, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchAsync_MalformedRecordWithoutAcl_IsSkippedNeverReturned()
    {
        var collection = new TestVectorDataCollection();
        using var store = new VectorDataChunkStore(collection);
        ReadOnlyMemory<float> vector = (await Generator.GenerateAsync(["merger memo"]))[0].Vector;
        await collection.UpsertAsync(new VectorChunkRecord { Key = "x#0-0000000000000000", DocumentId = "x", Text = "merger memo", ContentHash = "00", DocumentHash = "11", AllowedPrincipals = null!, Embedding = vector });
        collection.IgnoreSearchFilter = true;

        ChunkSearchResult result = await store.SearchAsync(vector, ChunkSearchFilter.ForCaller(CallerContext.Anonymous), 5);

        Assert.Empty(result.Hits);
    }

    [Fact]
    public async Task SearchAsync_CollectionThrows_ThrowsTypedStoreErrorWithoutTheConnectorsMessage()
    {
        var collection = new TestVectorDataCollection("kb") { Failure = new VectorStoreException($"syntax error near '{RetrievalTestData.SecretWord}'") };
        using var store = new VectorDataChunkStore(collection, new VectorDataChunkStoreOptions { EnsureCollectionExists = false });

        var ex = await Assert.ThrowsAsync<VectorDataChunkStoreException>(() => store.SearchAsync(new float[] { 1, 0 }, ChunkSearchFilter.ForCaller(CallerContext.Anonymous), 3));

        Assert.Equal(VectorDataErrorKind.StoreError, ex.Kind);
        Assert.Equal("search", ex.Operation);
        Assert.Equal("kb", ex.CollectionName);
        Assert.IsType<VectorStoreException>(ex.InnerException);
        Assert.DoesNotContain(RetrievalTestData.SecretWord, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IngestAsync_UpsertRejected_DocumentFailsWithIndexFailedAndTheTypedCause()
    {
        var collection = new TestVectorDataCollection { FailUpsertAfter = 0 };
        using var store = new VectorDataChunkStore(collection);

        IngestionResult result = await new DocumentIngestor([new VectorChunkIndex(store, Generator)]).IngestAsync([new SourceDocument("a", "Some text.") { AllowedPrincipals = [PrincipalNames.Everyone] }]);

        IngestionError error = Assert.Single(result.Errors);
        Assert.Equal(IngestionErrorCode.IndexFailed, error.Code);
        var cause = Assert.IsType<VectorDataChunkStoreException>(error.Exception);
        Assert.Equal(VectorDataErrorKind.StoreError, cause.Kind);
        Assert.Equal("upsert", cause.Operation);
    }

    [Fact]
    public async Task IngestAsync_CollectionUnavailable_ThrowsTypedErrorFromTheHashLookup()
    {
        var collection = new TestVectorDataCollection { Failure = new VectorStoreException("unavailable") };
        using var store = new VectorDataChunkStore(collection);

        var ex = await Assert.ThrowsAsync<VectorDataChunkStoreException>(() => new DocumentIngestor([new VectorChunkIndex(store, Generator)]).IngestAsync([new SourceDocument("a", "Some text.") { AllowedPrincipals = [PrincipalNames.Everyone] }]));

        Assert.Equal("ensure_collection", ex.Operation);
        Assert.Equal(VectorDataErrorKind.StoreError, ex.Kind);
    }

    [Fact]
    public async Task SearchAsync_ConnectorCannotTranslateTheAclFilter_FailsClosed()
    {
        var collection = new TestVectorDataCollection();
        using var store = new VectorDataChunkStore(collection);
        await new DocumentIngestor([new VectorChunkIndex(store, Generator)]).IngestAsync(RetrievalTestData.Corpus());
        collection.RejectAnyFilter = true;

        var ex = await Assert.ThrowsAsync<VectorDataChunkStoreException>(() => new DenseRetriever(store, Generator).RetrieveAsync(new RetrievalRequest(RetrievalTestData.SecretWord, CallerContext.Anonymous)));

        Assert.Equal(VectorDataErrorKind.FilterNotSupported, ex.Kind);
        Assert.IsType<NotSupportedException>(ex.InnerException);
    }

    [Fact]
    public async Task SearchAsync_CollectionHangsIgnoringCancellation_TimesOutWithTypedError()
    {
        var time = new FakeTimeProvider();
        var collection = new TestVectorDataCollection { Hang = true };
        using var store = new VectorDataChunkStore(collection, new VectorDataChunkStoreOptions { RequestTimeout = TimeSpan.FromSeconds(5), EnsureCollectionExists = false }, time);

        Task<ChunkSearchResult> search = store.SearchAsync(new float[] { 1, 0 }, ChunkSearchFilter.ForCaller(CallerContext.Anonymous), 3);
        Assert.False(search.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(5));

        var ex = await Assert.ThrowsAsync<VectorDataChunkStoreException>(() => search);
        Assert.Equal(VectorDataErrorKind.Timeout, ex.Kind);
        Assert.Equal("search", ex.Operation);
    }

    [Fact]
    public async Task SearchAsync_CallerCancels_ThrowsOperationCanceledNotWrapped()
    {
        var collection = new TestVectorDataCollection { Hang = true };
        using var store = new VectorDataChunkStore(collection, new VectorDataChunkStoreOptions { EnsureCollectionExists = false });
        using var cts = new CancellationTokenSource();

        Task<ChunkSearchResult> search = store.SearchAsync(new float[] { 1, 0 }, ChunkSearchFilter.ForCaller(CallerContext.Anonymous), 3, cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => search);
    }

    [Fact]
    public async Task ReplaceDocumentAsync_UpsertFailsPartWay_DocumentIsWrittenAgainNextTime()
    {
        var collection = new TestVectorDataCollection();
        using var store = new VectorDataChunkStore(collection, new VectorDataChunkStoreOptions { UpsertBatchSize = 1 });
        EmbeddedChunk[] v1 = await ChunksAsync("doc", "v1", "alpha one", "alpha two");
        await store.ReplaceDocumentAsync("doc", v1);
        Assert.Equal("v1", await store.GetDocumentHashAsync("doc"));
        collection.FailUpsertAfter = collection.UpsertCalls + 1;

        EmbeddedChunk[] v2 = await ChunksAsync("doc", "v2", "beta one", "beta two");
        var ex = await Assert.ThrowsAsync<VectorDataChunkStoreException>(() => store.ReplaceDocumentAsync("doc", v2));

        Assert.Equal("upsert", ex.Operation);
        Assert.Null(await store.GetDocumentHashAsync("doc"));
        collection.FailUpsertAfter = -1;
        await store.ReplaceDocumentAsync("doc", v2);
        Assert.Equal("v2", await store.GetDocumentHashAsync("doc"));
        Assert.Equal(v2.Select(c => c.Chunk.Id).Order(StringComparer.Ordinal), collection.Snapshot().Select(r => r.Key));
    }

    [Fact]
    public async Task ReplaceDocumentAsync_MoreChunksThanTheLimit_ThrowsLimitExceeded()
    {
        using var store = new VectorDataChunkStore(new TestVectorDataCollection(), new VectorDataChunkStoreOptions { MaxChunksPerDocument = 1 });

        var ex = await Assert.ThrowsAsync<VectorDataChunkStoreException>(async () => await store.ReplaceDocumentAsync("doc", await ChunksAsync("doc", "h", "one", "two")));

        Assert.Equal(VectorDataErrorKind.LimitExceeded, ex.Kind);
    }

    [Fact]
    public void Options_Defaults()
    {
        var o = new VectorDataChunkStoreOptions();

        Assert.Equal(DistanceFunction.CosineSimilarity, o.DistanceFunction);
        Assert.Equal(TimeSpan.FromSeconds(30), o.RequestTimeout);
        Assert.Equal(128, o.UpsertBatchSize);
        Assert.Equal(10_000, o.MaxChunksPerDocument);
        Assert.Equal(0, o.QueryOversampling);
        Assert.True(o.EnsureCollectionExists);
    }

    [Theory]
    [InlineData("DistanceFunction", "The distance function must be")]
    [InlineData("RequestTimeout", "The request timeout must be positive")]
    [InlineData("UpsertBatchSize", "UpsertBatchSize")]
    [InlineData("MaxChunksPerDocument", "MaxChunksPerDocument")]
    [InlineData("QueryOversampling", "QueryOversampling")]
    public void Options_Invalid_RejectedWithAMessageNamingTheRule(string member, string message)
    {
        var o = new VectorDataChunkStoreOptions();
        switch (member)
        {
            case "DistanceFunction": o.DistanceFunction = DistanceFunction.EuclideanDistance; break;
            case "RequestTimeout": o.RequestTimeout = TimeSpan.Zero; break;
            case "UpsertBatchSize": o.UpsertBatchSize = 0; break;
            case "MaxChunksPerDocument": o.MaxChunksPerDocument = 0; break;
            default: o.QueryOversampling = -1; break;
        }

        var ex = Assert.Throws<ArgumentException>(() => new VectorDataChunkStore(new TestVectorDataCollection(), o));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DistanceFunction.CosineSimilarity, 0.8, 0.8)]
    [InlineData(DistanceFunction.CosineDistance, 0.2, 0.8)]
    [InlineData(DistanceFunction.DotProductSimilarity, 0.7, 0.7)]
    [InlineData(DistanceFunction.NegativeDotProductSimilarity, -0.7, 0.7)]
    public void ToSimilarity_ConvertsEachSupportedDistanceFunctionToHigherIsBetter(string function, double score, double similarity)
    {
        Assert.Equal(similarity, VectorDataScores.ToSimilarity(function, score), 12);
    }

    [Fact]
    public void CreateDefinition_DeclaresEveryRecordPropertyWithTheVectorDimension()
    {
        VectorStoreCollectionDefinition definition = VectorChunkRecord.CreateDefinition(384, DistanceFunction.CosineDistance, IndexKind.Hnsw);

        string[] expected = typeof(VectorChunkRecord).GetProperties().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, definition.Properties.Select(p => p.Name).Order(StringComparer.Ordinal));
        var vector = Assert.IsType<VectorStoreVectorProperty>(Assert.Single(definition.Properties, p => p is VectorStoreVectorProperty));
        Assert.Equal(384, vector.Dimensions);
        Assert.Equal(DistanceFunction.CosineDistance, vector.DistanceFunction);
        Assert.Equal(IndexKind.Hnsw, vector.IndexKind);
        Assert.Single(definition.Properties, p => p is VectorStoreKeyProperty { Name: nameof(VectorChunkRecord.Key) });
        Assert.True(Assert.IsType<VectorStoreDataProperty>(Assert.Single(definition.Properties, p => p.Name == nameof(VectorChunkRecord.AllowedPrincipals))).IsIndexed);
    }

    private static async Task<EmbeddedChunk[]> ChunksAsync(string documentId, string documentHash, params string[] texts)
    {
        GeneratedEmbeddings<Embedding<float>> vectors = await Generator.GenerateAsync(texts);
        return texts.Select((text, i) =>
        {
            string hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
            return new EmbeddedChunk(
                new DocumentChunk
                {
                    Id = DocumentChunk.CreateId(documentId, i, hash),
                    DocumentId = documentId,
                    Ordinal = i,
                    ContentHash = hash,
                    DocumentHash = documentHash,
                    Text = text,
                    Start = 0,
                    End = text.Length,
                    AllowedPrincipals = [PrincipalNames.Everyone],
                },
                vectors[i].Vector);
        }).ToArray();
    }

    private static void AssertSameChunk(DocumentChunk expected, DocumentChunk actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.DocumentId, actual.DocumentId);
        Assert.Equal(expected.Ordinal, actual.Ordinal);
        Assert.Equal(expected.ContentHash, actual.ContentHash);
        Assert.Equal(expected.DocumentHash, actual.DocumentHash);
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.Start, actual.Start);
        Assert.Equal(expected.End, actual.End);
        Assert.Equal(expected.AllowedPrincipals, actual.AllowedPrincipals);
        Assert.Equal(expected.Title, actual.Title);
        Assert.Equal(expected.SectionPath, actual.SectionPath);
        Assert.Equal(expected.SourceUri, actual.SourceUri);
        Assert.Equal(expected.Classification, actual.Classification);
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.IngestedAt, actual.IngestedAt);
        Assert.Equal(expected.Metadata?.OrderBy(p => p.Key, StringComparer.Ordinal), actual.Metadata?.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    /// <summary>Records the chunks the ingestor writes, to compare with what the VectorData collection holds.</summary>
    private sealed class CapturingIndex : IChunkIndex
    {
        private readonly Dictionary<string, string> _hashes = new(StringComparer.Ordinal);

        public List<DocumentChunk> Chunks { get; } = [];

        public ValueTask<string?> GetDocumentHashAsync(string documentId, CancellationToken cancellationToken = default) =>
            new(_hashes.TryGetValue(documentId, out string? hash) ? hash : null);

        public Task ReplaceDocumentAsync(string documentId, IReadOnlyList<DocumentChunk> chunks, CancellationToken cancellationToken = default)
        {
            _hashes[documentId] = chunks[0].DocumentHash;
            Chunks.RemoveAll(c => c.DocumentId == documentId);
            Chunks.AddRange(chunks);
            return Task.CompletedTask;
        }

        public Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default) =>
            Task.FromResult(_hashes.Remove(documentId) && Chunks.RemoveAll(c => c.DocumentId == documentId) > 0);
    }
}
