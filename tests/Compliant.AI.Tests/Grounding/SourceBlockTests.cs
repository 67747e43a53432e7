using Compliant.AI.Grounding.Internal;

namespace Compliant.AI.Tests.Grounding;

public sealed class SourceBlockTests
{
    [Fact]
    public void TryParse_TitleRedactedAfterRendering_KeepsTitleAndText()
    {
        // The redaction stage runs after grounding: a date in a title becomes "<DATE_TIME_1>" inside the attribute. Its '>'
        // must not end the element, or the title is lost and the passage text starts with the title's tail.
        GroundingSource[] sources =
        [
            new(0, new RetrievedPassage { ChunkId = "c1", DocumentId = "d1", Title = "Guidance on de-identification (November 26, 2012)", Text = "Ages over 89 must be recoded as 90 or above." }),
            new(1, new RetrievedPassage { ChunkId = "c2", DocumentId = "d2", Title = "Plain title", Text = "Second passage." }),
        ];
        string prompt = SourceBlock.Render("{sources}", sources, "No.")
            .Replace("November 26, 2012", "<DATE_TIME_1>", StringComparison.Ordinal);

        var parsed = new List<ParsedSource>();
        Assert.True(SourceBlock.TryParse(prompt, parsed));

        Assert.Equal(2, parsed.Count);
        Assert.Equal("S1", parsed[0].Id);
        Assert.Equal("Guidance on de-identification (<DATE_TIME_1>)", parsed[0].Title);
        Assert.Equal("Ages over 89 must be recoded as 90 or above.", parsed[0].Text);
        Assert.Equal("Plain title", parsed[1].Title);
        Assert.Equal("Second passage.", parsed[1].Text);
    }

    [Fact]
    public void TryParse_HeaderWithUnbalancedQuote_FallsBackToFirstAngleBracket()
    {
        string prompt = "<sources>\n<source id=\"S1\" title=\"broken>\ntext\n</source>\n</sources>";

        var parsed = new List<ParsedSource>();
        Assert.True(SourceBlock.TryParse(prompt, parsed));

        ParsedSource source = Assert.Single(parsed);
        Assert.Equal("S1", source.Id);
        Assert.Equal("text", source.Text);
    }
}
