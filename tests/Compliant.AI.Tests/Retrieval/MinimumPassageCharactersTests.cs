namespace Compliant.AI.Tests.Retrieval;

/// <summary><see cref="HybridRetrieverOptions.MinimumPassageCharacters"/>: a passage too short to answer carries the chunk after it.</summary>
public sealed class MinimumPassageCharactersTests
{
    // A page whose one-line introduction is a chunk of its own; the rule it introduces sits in the next chunk.
    private const string Intro = "This guide covers the offboarding policy and process.";
    private const string Rule = "Begin this process at least two weeks before your last day and return your laptop to the office.";
    private const string Other = "Unrelated travel text about per diem rates and lodging receipts.";

    private static DocumentChunk[] Chunks(string[]? ruleAcl = null)
    {
        string[] texts = [Intro, Rule, Other];
        var chunks = new DocumentChunk[texts.Length];
        int start = 0;
        for (int i = 0; i < texts.Length; i++)
        {
            chunks[i] = new DocumentChunk
            {
                Id = $"page#{i}",
                DocumentId = "page",
                Ordinal = i,
                ContentHash = "h" + i,
                DocumentHash = "d",
                Text = texts[i],
                Start = start,
                End = start + texts[i].Length,
                AllowedPrincipals = i == 1 && ruleAcl is not null ? ruleAcl : ["*"],
            };
            start += texts[i].Length + 1;
        }

        return chunks;
    }

    private static async Task<RetrievalResult> RetrieveAsync(int minimum, string query = "offboarding guide policy process", int topK = 1, string[]? ruleAcl = null)
    {
        using var index = new InMemoryBm25Index(new Bm25Options { MinimumTermCoverage = 0 });
        await index.ReplaceDocumentAsync("page", Chunks(ruleAcl));
        var hybrid = new HybridRetriever([index], new HybridRetrieverOptions { MinimumPassageCharacters = minimum });
        return await hybrid.RetrieveAsync(new RetrievalRequest(query, CallerContext.Anonymous) { TopK = topK });
    }

    [Fact]
    public async Task Default_ShortPassageIsItsChunk()
    {
        RetrievedPassage passage = (await RetrieveAsync(minimum: 0)).Passages[0];

        Assert.Equal("page#0", passage.ChunkId);
        Assert.Equal(Intro, passage.Text);
    }

    [Fact]
    public async Task ShortPassage_CarriesTheFollowingChunk()
    {
        DocumentChunk[] chunks = Chunks();

        RetrievedPassage passage = (await RetrieveAsync(minimum: 200)).Passages[0];

        Assert.Equal("page#0", passage.ChunkId);
        Assert.Equal(Intro + "\n" + Rule, passage.Text);
        Assert.Equal(chunks[0].Start, passage.Start);
        Assert.Equal(chunks[1].End, passage.End);
        Assert.Contains("two weeks", passage.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PassageAtLeastTheMinimum_IsNotJoined()
    {
        RetrievedPassage passage = (await RetrieveAsync(minimum: Intro.Length)).Passages[0];

        Assert.Equal(Intro, passage.Text);
    }

    [Fact]
    public async Task FollowingChunkTheCallerMayNotRead_IsNotJoined()
    {
        RetrievedPassage passage = (await RetrieveAsync(minimum: 200, ruleAcl: [PrincipalNames.Group("hr")])).Passages[0];

        Assert.Equal("page#0", passage.ChunkId);
        Assert.DoesNotContain("two weeks", passage.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FollowingChunkAmongThePassages_IsNotRepeated()
    {
        RetrievalResult result = await RetrieveAsync(minimum: 200, query: "offboarding guide process weeks laptop", topK: 2);

        Assert.Contains(result.Passages, p => p.ChunkId == "page#1");
        RetrievedPassage intro = Assert.Single(result.Passages, p => p.ChunkId == "page#0");
        Assert.Equal(Intro, intro.Text);
    }

    [Fact]
    public async Task ShortPassageOpeningInsideASentence_CarriesBothNeighbours()
    {
        string[] texts = ["The covered entity must act on the request", "within 30 days", "of receipt, in writing."];
        var chunks = new DocumentChunk[texts.Length];
        int start = 0;
        for (int i = 0; i < texts.Length; i++)
        {
            chunks[i] = new DocumentChunk
            {
                Id = $"reg#{i}", DocumentId = "reg", Ordinal = i, ContentHash = "h" + i, DocumentHash = "d",
                Text = texts[i], Start = start, End = start + texts[i].Length, AllowedPrincipals = ["*"],
            };
            start += texts[i].Length + 1;
        }

        using var index = new InMemoryBm25Index(new Bm25Options { MinimumTermCoverage = 0 });
        await index.ReplaceDocumentAsync("reg", chunks);
        var hybrid = new HybridRetriever([index], new HybridRetrieverOptions { JoinCutSentences = true, MinimumPassageCharacters = 200 });

        RetrievalResult result = await hybrid.RetrieveAsync(new RetrievalRequest("within 30 days", CallerContext.Anonymous) { TopK = 1 });

        RetrievedPassage passage = Assert.Single(result.Passages);
        Assert.Equal("reg#1", passage.ChunkId);
        Assert.Equal(string.Join('\n', texts), passage.Text);
        Assert.Equal(chunks[0].Start, passage.Start);
        Assert.Equal(chunks[2].End, passage.End);
    }

    [Fact]
    public void MinimumOutOfRange_FailsValidation()
    {
        var options = new HybridRetrieverOptions { MinimumPassageCharacters = -1 };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        bool valid = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);

        Assert.False(valid);
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(HybridRetrieverOptions.MinimumPassageCharacters)));
    }
}
