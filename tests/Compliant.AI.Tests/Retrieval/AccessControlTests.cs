using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Compliant.AI.Tests.Retrieval;

/// <summary>
/// A caller without access never receives — and never causes a log or trace of — a restricted passage, for every
/// retriever, with hundreds of groups.
/// </summary>
public sealed class AccessControlTests
{
    public static TheoryData<string> Retrievers => new() { "bm25", "dense", "hybrid" };

    [Theory]
    [MemberData(nameof(Retrievers))]
    public async Task RetrieveAsync_CallerWithHundredsOfOtherGroups_NeverSeesLogsOrTracesRestrictedPassage(string kind)
    {
        var collector = new FakeLogCollector();
        var logger = new FakeLogger(collector, "test");
        logger.ControlLevel(LogLevel.Trace, true);
        (InMemoryBm25Index bm25, InMemoryVectorStore vectors, HashingEmbeddingGenerator generator) = await RetrievalTestData.BuildAsync();
        IRetriever retriever = Create(kind, bm25, vectors, generator, logger);
        var caller = new CallerContext("intern-7", RetrievalTestData.ManyGroups(300, "other-").Concat(RetrievalTestData.ManyGroups(3)));

        var traced = new List<string>();
        using var root = new Activity("access-control-test").Start(); // only this test's spans: tests run in parallel
        using var listener = Listen(traced, root.TraceId);
        var audit = new AuditScope(new AuditRecord());
        AuditScope.Current = audit;
        RetrievalResult result;
        try
        {
            result = await retriever.RetrieveAsync(new RetrievalRequest($"{RetrievalTestData.SecretWord} acquisition price", caller) { TopK = 10 });
        }
        finally
        {
            AuditScope.Current = null;
        }

        Assert.DoesNotContain(result.Passages, p => p.DocumentId == RetrievalTestData.SecretDocumentId);
        Assert.DoesNotContain(result.Passages, p => p.Text.Contains(RetrievalTestData.SecretWord, StringComparison.Ordinal));
        Assert.True(result.DeniedCount > 0, "the withheld passage is counted");
        Assert.True(audit.Record.Counters.TryGetValue("retrieval.denied", out long denied) && denied > 0);

        Assert.NotEmpty(traced);
        Assert.All(traced, t => Assert.DoesNotContain(RetrievalTestData.SecretWord, t, StringComparison.Ordinal));
        Assert.All(traced, t => Assert.DoesNotContain(RetrievalTestData.SecretDocumentId, t, StringComparison.Ordinal));
        Assert.All(traced, t => Assert.DoesNotContain("other-1", t, StringComparison.Ordinal));

        IReadOnlyList<FakeLogRecord> logs = collector.GetSnapshot();
        Assert.NotEmpty(logs);
        foreach (FakeLogRecord log in logs)
        {
            string all = log.Message + string.Join("|", log.StructuredState?.Select(kv => kv.Key + "=" + kv.Value) ?? []);
            Assert.DoesNotContain(RetrievalTestData.SecretWord, all, StringComparison.Ordinal);
            Assert.DoesNotContain(RetrievalTestData.SecretDocumentId, all, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Retrievers))]
    public async Task RetrieveAsync_CallerInAllowedGroupAmongHundreds_ReceivesRestrictedPassage(string kind)
    {
        (InMemoryBm25Index bm25, InMemoryVectorStore vectors, HashingEmbeddingGenerator generator) = await RetrievalTestData.BuildAsync();
        IRetriever retriever = Create(kind, bm25, vectors, generator, null);
        var caller = new CallerContext("analyst-3", RetrievalTestData.ManyGroups(400).Append(RetrievalTestData.AllowedGroup));

        RetrievalResult result = await retriever.RetrieveAsync(new RetrievalRequest($"{RetrievalTestData.SecretWord} acquisition", caller) { TopK = 3 });

        Assert.Equal(RetrievalTestData.SecretDocumentId, result.Passages[0].DocumentId);
        Assert.Equal(0, result.DeniedCount);
    }

    [Theory]
    [MemberData(nameof(Retrievers))]
    public async Task RetrieveAsync_AnonymousCaller_SeesOnlyPublicDocuments(string kind)
    {
        (InMemoryBm25Index bm25, InMemoryVectorStore vectors, HashingEmbeddingGenerator generator) = await RetrievalTestData.BuildAsync();
        IRetriever retriever = Create(kind, bm25, vectors, generator, null);

        RetrievalResult result = await retriever.RetrieveAsync(new RetrievalRequest("audit runbook restart service logs", CallerContext.Anonymous) { TopK = 20 });

        Assert.NotEmpty(result.Passages);
        Assert.All(result.Passages, p => Assert.StartsWith("public-", p.DocumentId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RetrieveAsync_DirectUserGrant_IsHonoured()
    {
        (InMemoryBm25Index bm25, _, _) = await RetrievalTestData.BuildAsync();

        RetrievalResult result = await bm25.RetrieveAsync(new RetrievalRequest(RetrievalTestData.SecretWord, new CallerContext("ceo")));

        Assert.Equal(RetrievalTestData.SecretDocumentId, Assert.Single(result.Passages).DocumentId);
    }

    [Fact]
    public async Task DenseRetriever_StoreIgnoringPreFilter_PostCheckWithholdsPassage()
    {
        (_, InMemoryVectorStore vectors, HashingEmbeddingGenerator generator) = await RetrievalTestData.BuildAsync();
        var leaky = new LeakyStore(vectors);
        var retriever = new DenseRetriever(leaky, generator);

        RetrievalResult result = await retriever.RetrieveAsync(new RetrievalRequest(RetrievalTestData.SecretWord, CallerContext.Anonymous) { TopK = 5 });

        Assert.DoesNotContain(result.Passages, p => p.DocumentId == RetrievalTestData.SecretDocumentId);
        Assert.True(result.DeniedCount > 0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DenseRetriever_WithheldChunkBelowMinimumSimilarity_NotCountedAsDenied(bool storeIgnoresPreFilter)
    {
        // Nearest neighbours always exist: a restricted chunk that outranks every readable one but is not similar enough
        // to be evidence must not turn "no evidence" into "access denied" (in the store's count or the post-check's).
        (_, InMemoryVectorStore vectors, HashingEmbeddingGenerator generator) = await RetrievalTestData.BuildAsync();
        IVectorChunkStore store = storeIgnoresPreFilter ? new LeakyStore(vectors) : vectors;
        var request = new RetrievalRequest($"{RetrievalTestData.SecretWord} acquisition price", CallerContext.Anonymous) { TopK = 5 };

        RetrievalResult strict = await new DenseRetriever(store, generator, new DenseRetrieverOptions { MinimumSimilarity = 0.999 }).RetrieveAsync(request);
        RetrievalResult loose = await new DenseRetriever(store, generator, new DenseRetrieverOptions { MinimumSimilarity = 0.0 }).RetrieveAsync(request);

        Assert.False(strict.HasEvidence);
        Assert.Equal(0, strict.DeniedCount);
        Assert.True(loose.DeniedCount > 0, "the same withheld chunk counts once it would have been evidence");
        Assert.DoesNotContain(strict.Passages, p => p.DocumentId == RetrievalTestData.SecretDocumentId);
    }

    internal static IRetriever Create(string kind, InMemoryBm25Index bm25, InMemoryVectorStore vectors, HashingEmbeddingGenerator generator, ILogger? logger) => kind switch
    {
        "bm25" => logger is null ? bm25 : Relog(bm25, logger),
        "dense" => new DenseRetriever(vectors, generator, logger: logger),
        _ => new HybridRetriever([bm25, new DenseRetriever(vectors, generator, logger: logger)], logger: logger),
    };

    // The BM25 index takes its logger at construction: rebuild a logged copy through persistence.
    private static InMemoryBm25Index Relog(InMemoryBm25Index source, ILogger? logger)
    {
        using var stream = new MemoryStream();
        source.Save(stream);
        stream.Position = 0;
        return InMemoryBm25Index.Load(stream, logger: logger);
    }

    private static ActivityListener Listen(List<string> traced, ActivityTraceId traceId)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Compliant.AI",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId != traceId)
                {
                    return;
                }

                lock (traced)
                {
                    traced.Add(activity.DisplayName);
                    foreach (KeyValuePair<string, object?> tag in activity.TagObjects)
                    {
                        traced.Add(tag.Key + "=" + (tag.Value is System.Collections.IEnumerable e and not string ? string.Join(",", e.Cast<object>()) : tag.Value));
                    }

                    foreach (ActivityEvent evt in activity.Events)
                    {
                        traced.Add(evt.Name);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    /// <summary>A broken store that ignores the access-control filter, to prove the retriever's post-check.</summary>
    private sealed class LeakyStore(InMemoryVectorStore inner) : IVectorChunkStore
    {
        public ValueTask<string?> GetDocumentHashAsync(string documentId, CancellationToken cancellationToken = default) => inner.GetDocumentHashAsync(documentId, cancellationToken);

        public Task ReplaceDocumentAsync(string documentId, IReadOnlyList<EmbeddedChunk> chunks, CancellationToken cancellationToken = default) => inner.ReplaceDocumentAsync(documentId, chunks, cancellationToken);

        public Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default) => inner.DeleteDocumentAsync(documentId, cancellationToken);

        public Task<ChunkSearchResult> SearchAsync(ReadOnlyMemory<float> vector, ChunkSearchFilter filter, int top, CancellationToken cancellationToken = default) =>
            inner.SearchAsync(vector, ChunkSearchFilter.ForCaller(new CallerContext("x", [RetrievalTestData.AllowedGroup])), top, cancellationToken);
    }
}
