namespace Compliant.AI.Tests.Retrieval;

public sealed class InMemoryBm25IndexTests
{
    private static DocumentChunk Chunk(string doc, string text, string[]? acl = null, string? classification = null) => new()
    {
        Id = doc + "#0",
        DocumentId = doc,
        Ordinal = 0,
        ContentHash = "h",
        DocumentHash = "d-" + text.Length,
        Text = text,
        Start = 0,
        End = text.Length,
        AllowedPrincipals = acl ?? ["*"],
        Classification = classification,
    };

    private static async Task<InMemoryBm25Index> IndexAsync(params DocumentChunk[] chunks)
    {
        var index = new InMemoryBm25Index();
        foreach (DocumentChunk c in chunks)
        {
            await index.ReplaceDocumentAsync(c.DocumentId, [c]);
        }

        return index;
    }

    [Fact]
    public async Task RetrieveAsync_RanksByBm25AndReportsEvidence()
    {
        using InMemoryBm25Index index = await IndexAsync(
            Chunk("a", "encryption keys rotate every year"),
            Chunk("b", "encryption of laptops is mandatory; encryption keys are escrowed"),
            Chunk("c", "lunch menu for friday"));

        RetrievalResult result = await index.RetrieveAsync(new RetrievalRequest("laptop encryption", CallerContext.Anonymous) { TopK = 5 });

        Assert.Equal(["b", "a"], result.Passages.Select(p => p.DocumentId).ToArray());
        Assert.True(result.Passages[0].Score > result.Passages[1].Score);
        Assert.True(result.HasEvidence);
    }

    [Fact]
    public async Task RetrieveAsync_QuestionAboutUnknownTopic_HasNoEvidence()
    {
        using InMemoryBm25Index index = await IndexAsync(Chunk("a", "encryption keys rotate every year"), Chunk("b", "lunch menu"));

        RetrievalResult result = await index.RetrieveAsync(new RetrievalRequest("What is the parental leave allowance for contractors in Norway?", CallerContext.Anonymous));

        Assert.False(result.HasEvidence);
    }

    [Fact]
    public async Task RetrieveAsync_FieldFilter_AppliesBeforeRanking()
    {
        using InMemoryBm25Index index = await IndexAsync(
            Chunk("a", "incident response plan", classification: "public"),
            Chunk("b", "incident response plan incident", classification: "internal"));

        RetrievalResult result = await index.RetrieveAsync(new RetrievalRequest("incident", CallerContext.Anonymous)
        {
            Filters = new Dictionary<string, string> { [ChunkFields.Classification] = "public" },
        });

        Assert.Equal("a", Assert.Single(result.Passages).DocumentId);
    }

    [Fact]
    public async Task SaveLoad_RoundTrip_GivesIdenticalResults()
    {
        (InMemoryBm25Index index, _, _) = await RetrievalTestData.BuildAsync();
        using var stream = new MemoryStream();
        index.Save(stream);
        stream.Position = 0;
        using InMemoryBm25Index loaded = InMemoryBm25Index.Load(stream);
        var caller = new CallerContext("u", ["dept-3", RetrievalTestData.AllowedGroup]);

        foreach (string q in new[] { "audit logs retention", RetrievalTestData.SecretWord, "restart service dashboard" })
        {
            RetrievalResult a = await index.RetrieveAsync(new RetrievalRequest(q, caller) { TopK = 10 });
            RetrievalResult b = await loaded.RetrieveAsync(new RetrievalRequest(q, caller) { TopK = 10 });
            Assert.Equal(a.Passages.Select(p => (p.ChunkId, p.Score, p.Text, p.Start, p.End)), b.Passages.Select(p => (p.ChunkId, p.Score, p.Text, p.Start, p.End)));
            Assert.Equal(a.DeniedCount, b.DeniedCount);
        }

        Assert.Equal(index.ChunkCount, loaded.ChunkCount);
        index.Dispose();
    }

    [Fact]
    public async Task Load_CorruptOrTruncatedStream_ThrowsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => InMemoryBm25Index.Load(new MemoryStream("not an index at all"u8.ToArray())));
        using var index = new InMemoryBm25Index();
        await index.ReplaceDocumentAsync("a", [Chunk("a", "some words here")]);
        using var stream = new MemoryStream();
        index.Save(stream);
        byte[] truncated = stream.ToArray()[..^5];
        Assert.Throws<InvalidDataException>(() => InMemoryBm25Index.Load(new MemoryStream(truncated)));
    }

    [Fact]
    public async Task ReplaceDocumentAsync_ManyReplacements_CompactsAndStaysCorrect()
    {
        using var index = new InMemoryBm25Index();
        for (int round = 0; round < 5; round++)
        {
            for (int d = 0; d < 600; d++)
            {
                await index.ReplaceDocumentAsync($"d{d}", [Chunk($"d{d}", $"round{round} document{d} common")]);
            }
        }

        Assert.Equal(600, index.ChunkCount);
        Assert.Empty((await index.RetrieveAsync(new RetrievalRequest("round2", CallerContext.Anonymous))).Passages);
        RetrievalResult hit = await index.RetrieveAsync(new RetrievalRequest("round4 document17", CallerContext.Anonymous));
        Assert.Equal("d17", hit.Passages[0].DocumentId);
        Assert.Equal(10, (await index.RetrieveAsync(new RetrievalRequest("common", CallerContext.Anonymous) { TopK = 10 })).Passages.Count);
    }

    [Fact]
    public async Task ReplaceDocumentAsync_InvalidChunks_Throw()
    {
        using var index = new InMemoryBm25Index();

        await Assert.ThrowsAsync<ArgumentException>(() => index.ReplaceDocumentAsync("a", []));
        await Assert.ThrowsAsync<ArgumentException>(() => index.ReplaceDocumentAsync("a", [Chunk("b", "x")]));
        await Assert.ThrowsAsync<ArgumentException>(() => index.ReplaceDocumentAsync("a", [Chunk("a", "x"), Chunk("a", "y")]));
    }

    [Fact]
    public async Task RetrieveAsync_EmptyIndexOrQuery_ReturnsNoEvidence()
    {
        using var index = new InMemoryBm25Index();

        RetrievalResult result = await index.RetrieveAsync(new RetrievalRequest("the of and", CallerContext.Anonymous));

        Assert.Empty(result.Passages);
        Assert.False(result.HasEvidence);
    }
}
