namespace Compliant.AI.Tests.Retrieval;

/// <summary><see cref="Bm25Options.FollowingChunks"/>: small-to-big passages (scored as chunks, read with their neighbours).</summary>
public sealed class FollowingChunksTests
{
    // One document, three chunks over its text, the second and third overlapping by " Timeliness." (as ChunkingOptions.OverlapTokens makes them).
    private const string Document =
        "Breach notices. A covered entity shall notify each individual after the discovery of a breach. Timeliness. "
        + "Notices go out no later than 60 calendar days after discovery. Content. The notice describes what happened.";

    private static DocumentChunk[] Chunks(string[]? secondAcl = null)
    {
        int first = Document.IndexOf(" Timeliness.", StringComparison.Ordinal);
        int second = Document.IndexOf(" Content.", StringComparison.Ordinal);
        (int Start, int End)[] spans = [(0, first + " Timeliness.".Length), (first + 1, second), (second + 1, Document.Length)];
        return spans.Select((s, i) => new DocumentChunk
        {
            Id = $"policy#{i}",
            DocumentId = "policy",
            Ordinal = i,
            ContentHash = "h" + i,
            DocumentHash = "d",
            Text = Document[s.Start..s.End],
            Start = s.Start,
            End = s.End,
            AllowedPrincipals = i == 1 && secondAcl is not null ? secondAcl : ["*"],
        }).ToArray();
    }

    private static async Task<InMemoryBm25Index> IndexAsync(int following, string[]? secondAcl = null)
    {
        var index = new InMemoryBm25Index(new Bm25Options { FollowingChunks = following, MinimumTermCoverage = 0 });
        await index.ReplaceDocumentAsync("policy", Chunks(secondAcl));
        return index;
    }

    [Fact]
    public async Task Default_PassageIsItsChunk()
    {
        using InMemoryBm25Index index = await IndexAsync(following: 0);

        RetrievalResult result = await index.RetrieveAsync(new RetrievalRequest("notify individual breach", CallerContext.Anonymous) { TopK = 1 });

        RetrievedPassage passage = Assert.Single(result.Passages);
        Assert.Equal("policy#0", passage.ChunkId);
        Assert.DoesNotContain("60 calendar days", passage.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_JoinsTheNextChunkWithoutRepeatingTheOverlap()
    {
        using InMemoryBm25Index index = await IndexAsync(following: 1);
        DocumentChunk[] chunks = Chunks();

        RetrievalResult result = await index.RetrieveAsync(new RetrievalRequest("notify individual breach", CallerContext.Anonymous) { TopK = 1 });

        RetrievedPassage passage = Assert.Single(result.Passages);
        Assert.Equal("policy#0", passage.ChunkId);
        Assert.Equal(Document[chunks[0].Start..chunks[1].End], passage.Text);
        Assert.Equal(1, CountOf(passage.Text, "Timeliness."));
        Assert.Equal(chunks[0].Start, passage.Start);
        Assert.Equal(chunks[1].End, passage.End);
        Assert.DoesNotContain("Content.", passage.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_JoinsTwoChunks_AndScoresStayThoseOfTheChunk()
    {
        using InMemoryBm25Index plain = await IndexAsync(following: 0);
        using InMemoryBm25Index expanded = await IndexAsync(following: 2);
        var request = new RetrievalRequest("notify individual breach", CallerContext.Anonymous) { TopK = 1 };

        RetrievalResult before = await plain.RetrieveAsync(request);
        RetrievalResult after = await expanded.RetrieveAsync(request);

        // Chunks 1 and 2 do not overlap: the white space trimmed between them comes back as one line break.
        Assert.Equal(Document.Replace("discovery. Content.", "discovery.\nContent.", StringComparison.Ordinal), after.Passages[0].Text);
        Assert.Equal(before.Passages[0].Score, after.Passages[0].Score);
        Assert.Equal(before.EvidenceScore, after.EvidenceScore);
        Assert.Equal(before.HasEvidence, after.HasEvidence);
    }

    [Fact]
    public async Task NextChunkAlreadyReturned_IsNotRepeated()
    {
        using InMemoryBm25Index index = await IndexAsync(following: 1);

        // "breach" and "discovery" are in chunks 0 and 1: both come back, so neither carries the other.
        RetrievalResult result = await index.RetrieveAsync(new RetrievalRequest("breach discovery", CallerContext.Anonymous) { TopK = 3 });

        RetrievedPassage first = result.Passages.Single(p => p.ChunkId == "policy#0");
        Assert.DoesNotContain("60 calendar days", first.Text, StringComparison.Ordinal);
        Assert.Contains(result.Passages, p => p.ChunkId == "policy#1");
    }

    [Fact]
    public async Task UnreadableNextChunk_IsNeverJoined()
    {
        using InMemoryBm25Index index = await IndexAsync(following: 2, secondAcl: ["group:legal"]);
        var caller = new CallerContext("u1", ["staff"]);

        RetrievalResult result = await index.RetrieveAsync(new RetrievalRequest("notify individual breach", caller) { TopK = 1 });

        RetrievedPassage passage = Assert.Single(result.Passages);
        Assert.Equal("policy#0", passage.ChunkId);
        Assert.DoesNotContain("60 calendar days", passage.Text, StringComparison.Ordinal);

        // The chunk after the unreadable one is not reached either: the passage stays one contiguous span.
        Assert.DoesNotContain("Content.", passage.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadableNextChunk_ForAMemberOfItsGroup_IsJoined()
    {
        using InMemoryBm25Index index = await IndexAsync(following: 1, secondAcl: ["group:legal"]);
        var caller = new CallerContext("u1", ["legal"]);

        RetrievalResult result = await index.RetrieveAsync(new RetrievalRequest("notify individual breach", caller) { TopK = 1 });

        Assert.Contains("60 calendar days", result.Passages[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_RejectOutOfRange()
    {
        var options = new Bm25Options { FollowingChunks = 9 };
        var context = new System.ComponentModel.DataAnnotations.ValidationContext(options);
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        bool valid = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, context, results, validateAllProperties: true);

        Assert.False(valid);
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(Bm25Options.FollowingChunks)));
    }

    private static int CountOf(string text, string value)
    {
        int count = 0;
        for (int i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
