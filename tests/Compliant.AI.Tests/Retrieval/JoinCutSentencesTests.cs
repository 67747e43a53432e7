namespace Compliant.AI.Tests.Retrieval;

/// <summary><see cref="HybridRetrieverOptions.JoinCutSentences"/>: a passage whose chunk opens inside a sentence carries the chunk before it.</summary>
public sealed class JoinCutSentencesTests
{
    // One run of regulation text cut at the token limit: the second chunk opens in the middle of a sentence, the value
    // ("30 days") and the verb it belongs to left in the first.
    private const string Document =
        "(2) Timely action by the covered entity. The covered entity must act on a request for access no later than 30 days after receipt of the request and, if it cannot, "
        + "provides the individual with a written statement of the reasons for the delay. (3) Form of access. Another rule.";

    private static DocumentChunk[] Chunks(string[]? firstAcl = null, bool capital = false)
    {
        string text = capital ? Document.Replace("provides the", "Provides the", StringComparison.Ordinal) : Document;
        int cut = text.IndexOf(capital ? "Provides" : "provides", StringComparison.Ordinal);
        int third = text.IndexOf("(3)", StringComparison.Ordinal);
        (int Start, int End)[] spans = [(0, cut - 1), (cut, third - 1), (third, text.Length)];
        return spans.Select((s, i) => new DocumentChunk
        {
            Id = $"reg#{i}",
            DocumentId = "reg",
            Ordinal = i,
            ContentHash = "h" + i,
            DocumentHash = "d",
            Text = text[s.Start..s.End],
            Start = s.Start,
            End = s.End,
            AllowedPrincipals = i == 0 && firstAcl is not null ? firstAcl : ["*"],
        }).ToArray();
    }

    private static async Task<RetrievedPassage> RetrieveAsync(bool join, string[]? firstAcl = null, bool capital = false, int topK = 1)
    {
        using var index = new InMemoryBm25Index(new Bm25Options { MinimumTermCoverage = 0 });
        await index.ReplaceDocumentAsync("reg", Chunks(firstAcl, capital));
        var hybrid = new HybridRetriever([index], new HybridRetrieverOptions { JoinCutSentences = join });
        RetrievalResult result = await hybrid.RetrieveAsync(new RetrievalRequest("written statement of the reasons for the delay", CallerContext.Anonymous) { TopK = topK });
        return result.Passages[0];
    }

    [Fact]
    public async Task Default_PassageIsItsChunk()
    {
        RetrievedPassage passage = await RetrieveAsync(join: false);

        Assert.Equal("reg#1", passage.ChunkId);
        Assert.StartsWith("provides the individual", passage.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("30 days", passage.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChunkOpeningInsideASentence_CarriesThePrecedingChunk()
    {
        DocumentChunk[] chunks = Chunks();

        RetrievedPassage passage = await RetrieveAsync(join: true);

        Assert.Equal("reg#1", passage.ChunkId);
        Assert.Equal(chunks[0].Text + "\n" + chunks[1].Text, passage.Text);
        Assert.Equal(chunks[0].Start, passage.Start);
        Assert.Equal(chunks[1].End, passage.End);
        Assert.Contains("no later than 30 days", passage.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChunkOpeningASentence_IsNotJoined()
    {
        RetrievedPassage passage = await RetrieveAsync(join: true, capital: true);

        Assert.Equal("reg#1", passage.ChunkId);
        Assert.StartsWith("Provides the individual", passage.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrecedingChunkTheCallerMayNotRead_IsNotJoined()
    {
        RetrievedPassage passage = await RetrieveAsync(join: true, firstAcl: [PrincipalNames.Group("legal")]);

        Assert.Equal("reg#1", passage.ChunkId);
        Assert.DoesNotContain("30 days", passage.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrecedingChunkAmongThePassages_IsNotRepeated()
    {
        using var index = new InMemoryBm25Index(new Bm25Options { MinimumTermCoverage = 0 });
        await index.ReplaceDocumentAsync("reg", Chunks());
        var hybrid = new HybridRetriever([index], new HybridRetrieverOptions { JoinCutSentences = true });

        RetrievalResult result = await hybrid.RetrieveAsync(new RetrievalRequest("covered entity written statement delay", CallerContext.Anonymous) { TopK = 3 });

        Assert.Contains(result.Passages, p => p.ChunkId == "reg#0");
        RetrievedPassage cut = Assert.Single(result.Passages, p => p.ChunkId == "reg#1");
        Assert.StartsWith("provides the individual", cut.Text, StringComparison.Ordinal);
        Assert.Equal(1, CountOf(string.Concat(result.Passages.Select(p => p.Text)), "30 days"));
    }

    private static int CountOf(string text, string value)
    {
        int count = 0;
        for (int at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
