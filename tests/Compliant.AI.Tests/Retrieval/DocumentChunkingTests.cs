using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Compliant.AI.Tests.Retrieval;

/// <summary>Chunking through <see cref="DocumentIngestor.Chunk"/>: offsets, sections, token bounds.</summary>
public sealed class DocumentChunkingTests
{
    private static readonly DocumentIngestor Small = new([new InMemoryBm25Index()], new ChunkingOptions { MaxTokens = 24, OverlapTokens = 6 });

    [Fact]
    public void Chunk_Markdown_RecordsSectionPathsAndSkipsFrontMatter()
    {
        const string md = "---\ntitle: Handbook\nacl: [group:staff]\n---\n# Security\nIntro text.\n## Passwords\nRotate them yearly.\n## Devices\nEncrypt laptops.\n# Travel\nBook early.";
        SourceDocument doc = DocumentLoader.Load("h", md, DocumentFormat.Markdown);

        IReadOnlyList<DocumentChunk> chunks = Small.Chunk(doc);

        Assert.Equal(new string?[] { "Security", "Security > Passwords", "Security > Devices", "Travel" }, chunks.Select(c => c.SectionPath).ToArray());
        Assert.All(chunks, c => Assert.Equal(md.Substring(c.Start, c.End - c.Start), c.Text));
        Assert.DoesNotContain(chunks, c => c.Text.Contains("acl:", StringComparison.Ordinal));
        Assert.Equal([PrincipalNames.Group("staff")], chunks[0].AllowedPrincipals);
        Assert.Equal("Handbook", chunks[0].Title);
    }

    [Fact]
    public void Chunk_HeadingInsideCodeFence_IsNotASection()
    {
        const string md = "# Real\nText.\n```\n# not a heading\n```\nMore text.";
        IReadOnlyList<DocumentChunk> chunks = Small.Chunk(new SourceDocument("c", md) { Format = DocumentFormat.Markdown, AllowedPrincipals = ["*"] });

        Assert.All(chunks, c => Assert.Equal("Real", c.SectionPath));
    }

    [Fact]
    public void Chunk_LongSection_SplitsAtSentencesWithOverlap()
    {
        string text = string.Join(" ", Enumerable.Range(1, 12).Select(i => $"Sentence {i} is here."));
        // Each "Sentence N is here. " is 7 cl100k tokens: an 8-token overlap repeats exactly one sentence.
        var ingestor = new DocumentIngestor([new InMemoryBm25Index()], new ChunkingOptions { MaxTokens = 24, OverlapTokens = 8 });
        IReadOnlyList<DocumentChunk> chunks = ingestor.Chunk(new SourceDocument("s", text) { AllowedPrincipals = ["*"] });

        Assert.True(chunks.Count > 2);
        Assert.All(chunks, c => Assert.EndsWith(".", c.Text, StringComparison.Ordinal));
        Assert.All(chunks, c => Assert.StartsWith("Sentence", c.Text, StringComparison.Ordinal));
        Assert.True(chunks[1].Start < chunks[0].End, "consecutive chunks overlap by whole sentences");
        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Ordinal));
    }

    [Fact]
    public void Chunk_Abbreviations_DoNotEndSentences()
    {
        var ingestor = new DocumentIngestor([new InMemoryBm25Index()], new ChunkingOptions { MaxTokens = 16, OverlapTokens = 0 });
        const string text = "Dr. Smith reviewed the results, e.g. the trial data from the clinic. Next sentence starts here and goes on.";
        IReadOnlyList<DocumentChunk> chunks = ingestor.Chunk(new SourceDocument("a", text) { AllowedPrincipals = ["*"] });

        Assert.StartsWith("Dr. Smith reviewed the results, e.g. the trial", chunks[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Chunk_ChunkIds_AreStableAndContentAddressed()
    {
        var doc = new SourceDocument("doc-1", "One. Two.") { AllowedPrincipals = ["*"] };
        DocumentChunk a = Small.Chunk(doc)[0];
        DocumentChunk b = Small.Chunk(doc)[0];

        Assert.Equal(a.Id, b.Id);
        Assert.Equal(DocumentChunk.CreateId("doc-1", 0, a.ContentHash), a.Id);
        Assert.StartsWith("doc-1#0-", a.Id, StringComparison.Ordinal);
    }

    [Property(MaxTest = 60)]
    public Property Chunk_AnyText_OffsetsValidExactAndCoverAllNonWhitespace()
    {
        Gen<string> pieces = Gen.Elements("Alpha", "beta", "Gamma.", "delta!", "\n\n", "\n# Head\n", " ", "e.g.", "10.5", "été", "中文", "\t", "? ", "```\n", "- item\n", "x".PadRight(40, 'y'));
        Gen<string> texts = Gen.ListOf(pieces).Select(p => string.Join(" ", p));
        return Prop.ForAll(texts.ToArbitrary(), text =>
        {
            var doc = new SourceDocument("p", text) { Format = DocumentFormat.Markdown, AllowedPrincipals = ["*"] };
            IReadOnlyList<DocumentChunk> chunks = string.IsNullOrWhiteSpace(text) ? [] : Small.Chunk(doc);
            var covered = new bool[text.Length];
            foreach (DocumentChunk c in chunks)
            {
                if (c.Start < 0 || c.End > text.Length || c.Start >= c.End || text.Substring(c.Start, c.End - c.Start) != c.Text)
                {
                    return false;
                }

                for (int i = c.Start; i < c.End; i++)
                {
                    covered[i] = true;
                }
            }

            for (int i = 0; i < text.Length; i++)
            {
                if (!covered[i] && !char.IsWhiteSpace(text[i]))
                {
                    return false;
                }
            }

            return true;
        });
    }
}
