using Microsoft.Extensions.Time.Testing;

namespace Compliant.AI.Tests.Retrieval;

public sealed class DocumentIngestorTests
{
    private static readonly CallerContext Anyone = CallerContext.Anonymous;

    private static SourceDocument Doc(string id, string text) => new(id, text) { AllowedPrincipals = [PrincipalNames.Everyone] };

    [Fact]
    public async Task IngestAsync_UnchangedDocument_IsNoOpWithSameChunkIds()
    {
        using var index = new InMemoryBm25Index();
        var ingestor = new DocumentIngestor([index]);
        await ingestor.IngestAsync([Doc("a", "Alpha bravo charlie. Delta echo foxtrot.")]);
        string[] before = index.GetChunks("a").Select(c => c.Id).ToArray();

        IngestionResult again = await ingestor.IngestAsync([Doc("a", "Alpha bravo charlie. Delta echo foxtrot.")]);

        Assert.Equal(1, again.Unchanged);
        Assert.Equal(0, again.ChunksWritten);
        Assert.Equal(before, index.GetChunks("a").Select(c => c.Id).ToArray());
    }

    [Fact]
    public async Task IngestAsync_ChangedDocument_ReplacesChunksAndRemovesStaleOnes()
    {
        using var index = new InMemoryBm25Index();
        var ingestor = new DocumentIngestor([index], new ChunkingOptions { MaxTokens = 16, OverlapTokens = 0 });
        string longText = string.Join(" ", Enumerable.Range(0, 30).Select(i => $"Sentence number {i} mentions obsoleteterm."));
        await ingestor.IngestAsync([Doc("a", longText)]);
        Assert.True(index.GetChunks("a").Count > 3);

        IngestionResult updated = await ingestor.IngestAsync([Doc("a", "A short replacement about freshterm.")]);

        Assert.Equal(1, updated.Updated);
        Assert.Single(index.GetChunks("a"));
        Assert.Empty((await index.RetrieveAsync(new RetrievalRequest("obsoleteterm", Anyone))).Passages);
        Assert.Single((await index.RetrieveAsync(new RetrievalRequest("freshterm", Anyone))).Passages);
    }

    [Fact]
    public async Task IngestAsync_AclChange_IsNotTreatedAsUnchanged()
    {
        using var index = new InMemoryBm25Index();
        var ingestor = new DocumentIngestor([index]);
        await ingestor.IngestAsync([Doc("a", "Quarterly numbers are ready.")]);

        IngestionResult result = await ingestor.IngestAsync([new SourceDocument("a", "Quarterly numbers are ready.") { AllowedPrincipals = [PrincipalNames.Group("finance")] }]);

        Assert.Equal(1, result.Updated);
        Assert.Empty((await index.RetrieveAsync(new RetrievalRequest("quarterly numbers", Anyone))).Passages);
    }

    [Fact]
    public async Task IngestAsync_BadInputs_ReportTypedErrorsAndWriteNothingForThem()
    {
        using var index = new InMemoryBm25Index();
        var ingestor = new DocumentIngestor([index], new ChunkingOptions { MaxDocumentLength = 1000 });
        var garbage = new string(Enumerable.Range(0, 500).Select(i => (char)(i % 32 == 10 ? 1 : i % 32)).ToArray());
        List<SourceDocument> docs =
        [
            Doc("ok", "A perfectly fine document."),
            Doc("empty", "   \n\t "),
            Doc("huge", new string('x', 1001)),
            Doc("binary", garbage),
            Doc("nul", "text with a \0 NUL"),
            Doc("ok", "A duplicate id with other text."),
        ];
        var reports = new List<IngestionProgress>();

        IngestionResult result = await ingestor.IngestAsync(docs, new SyncProgress(reports));

        Assert.Equal(1, result.Added);
        Assert.Equal(
            [IngestionErrorCode.Empty, IngestionErrorCode.TooLarge, IngestionErrorCode.NotText, IngestionErrorCode.NotText, IngestionErrorCode.DuplicateId],
            result.Errors.Select(e => e.Code).ToArray());
        Assert.Equal([1, 2, 3, 4, 5], result.Errors.Select(e => e.Index).ToArray());
        Assert.Equal(1, index.DocumentCount);
        Assert.Contains("fine", index.GetChunks("ok")[0].Text, StringComparison.Ordinal);
        Assert.Equal(docs.Count, reports.Count);
        Assert.Equal(new IngestionProgress(6, 6, 1, 5), reports[^1]);
        Assert.Throws<IngestionException>(() => result.ThrowIfFailed());
    }

    [Fact]
    public async Task IngestDocumentAsync_EmptyDocument_ThrowsIngestionException()
    {
        using var index = new InMemoryBm25Index();
        var ingestor = new DocumentIngestor([index]);

        IngestionException ex = await Assert.ThrowsAsync<IngestionException>(() => ingestor.IngestDocumentAsync(Doc("e", "")));

        Assert.Equal(IngestionErrorCode.Empty, Assert.Single(ex.Errors).Code);
    }

    [Fact]
    public async Task IngestAsync_HugeDocumentWithinLimit_IsChunkedWithinTokenBound()
    {
        using var index = new InMemoryBm25Index();
        var options = new ChunkingOptions { MaxTokens = 128, OverlapTokens = 16 };
        var ingestor = new DocumentIngestor([index], options);
        string text = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"Word{i % 97} "));

        IngestionResult result = await ingestor.IngestAsync([Doc("big", text)]);

        Assert.True(result.Succeeded);
        IReadOnlyList<DocumentChunk> chunks = index.GetChunks("big");
        Assert.True(chunks.Count > 100);
        Microsoft.ML.Tokenizers.Tokenizer tokenizer = Microsoft.ML.Tokenizers.TiktokenTokenizer.CreateForEncoding("cl100k_base");
        Assert.All(chunks, c => Assert.True(tokenizer.CountTokens(c.Text) <= 128));
        Assert.All(chunks, c => Assert.Equal(text.Substring(c.Start, c.End - c.Start), c.Text));
    }

    [Fact]
    public async Task IngestAsync_TransformFails_ReportsAndWritesNothing()
    {
        using var index = new InMemoryBm25Index();
        var ingestor = new DocumentIngestor([index], transforms: [new ThrowingTransform()]);

        IngestionResult result = await ingestor.IngestAsync([Doc("a", "Some text.")]);

        Assert.Equal(IngestionErrorCode.TransformFailed, Assert.Single(result.Errors).Code);
        Assert.Equal(0, index.DocumentCount);
    }

    [Fact]
    public async Task IngestAsync_RedactingTransform_IndexesTransformedTextAndOffsetsReferToIt()
    {
        using var index = new InMemoryBm25Index();
        var ingestor = new DocumentIngestor([index], transforms: [new RedactTransform("Jane Roe", "[PERSON]")]);

        await ingestor.IngestAsync([Doc("a", "Patient Jane Roe was discharged. Follow-up in two weeks.")]);

        DocumentChunk chunk = index.GetChunks("a")[0];
        Assert.DoesNotContain("Jane", chunk.Text, StringComparison.Ordinal);
        string transformed = "Patient [PERSON] was discharged. Follow-up in two weeks.";
        Assert.Equal(transformed.Substring(chunk.Start, chunk.End - chunk.Start), chunk.Text);
        Assert.Empty((await index.RetrieveAsync(new RetrievalRequest("jane roe", Anyone))).Passages);
    }

    [Fact]
    public async Task IngestAsync_OneIndexFails_ReportsIndexFailedWithCount()
    {
        using var good = new InMemoryBm25Index();
        var ingestor = new DocumentIngestor([good, new FailingIndex()]);

        IngestionResult result = await ingestor.IngestAsync([Doc("a", "Text.")]);

        IngestionError error = Assert.Single(result.Errors);
        Assert.Equal(IngestionErrorCode.IndexFailed, error.Code);
        Assert.Equal(1, error.IndexesWritten);
        Assert.IsType<IOException>(error.Exception);
    }

    [Fact]
    public async Task IngestAsync_Cancelled_Throws()
    {
        using var index = new InMemoryBm25Index();
        var ingestor = new DocumentIngestor([index]);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ingestor.IngestAsync([Doc("a", "x")], null, cts.Token));
    }

    [Fact]
    public async Task IngestAsync_UsesTimeProviderForIngestionTime()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        using var index = new InMemoryBm25Index();
        var ingestor = new DocumentIngestor([index], timeProvider: time);

        await ingestor.IngestAsync([Doc("a", "x y z")]);

        Assert.Equal(time.GetUtcNow(), index.GetChunks("a")[0].IngestedAt);
    }

    [Fact]
    public async Task DeleteAsync_RemovesFromEveryIndex()
    {
        (InMemoryBm25Index bm25, InMemoryVectorStore vectors, HashingEmbeddingGenerator generator) = await RetrievalTestData.BuildAsync();
        var ingestor = new DocumentIngestor([bm25, new VectorChunkIndex(vectors, generator)]);

        Assert.True(await ingestor.DeleteAsync("public-travel"));

        Assert.Null(await bm25.GetDocumentHashAsync("public-travel"));
        Assert.Null(await vectors.GetDocumentHashAsync("public-travel"));
        Assert.False(await ingestor.DeleteAsync("public-travel"));
    }

    private sealed class SyncProgress(List<IngestionProgress> reports) : IProgress<IngestionProgress>
    {
        public void Report(IngestionProgress value) => reports.Add(value);
    }

    private sealed class ThrowingTransform : IIngestionTransform
    {
        public ValueTask<SourceDocument> TransformAsync(SourceDocument document, CancellationToken cancellationToken = default) => throw new InvalidOperationException("boom");
    }

    private sealed class RedactTransform(string value, string replacement) : IIngestionTransform
    {
        public ValueTask<SourceDocument> TransformAsync(SourceDocument document, CancellationToken cancellationToken = default) =>
            new(new SourceDocument(document.Id, document.Text.Replace(value, replacement, StringComparison.Ordinal)) { AllowedPrincipals = document.AllowedPrincipals, Format = document.Format });
    }

    private sealed class FailingIndex : IChunkIndex
    {
        public ValueTask<string?> GetDocumentHashAsync(string documentId, CancellationToken cancellationToken = default) => new((string?)null);

        public Task ReplaceDocumentAsync(string documentId, IReadOnlyList<DocumentChunk> chunks, CancellationToken cancellationToken = default) => throw new IOException("disk full");

        public Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default) => Task.FromResult(false);
    }
}
