using Compliant.AI.Text;

namespace Compliant.AI.Tests.Text;

public sealed class SentenceSplitterTests
{
    [Fact]
    public void Split_BoundariesTileTheText_AbbreviationsAndInitialsDoNotSplit()
    {
        const string Text = "Dr. Smith signs, e.g. for J. Doe. The log is kept.\n\nA new paragraph.\n- a list item";
        var boundaries = new List<int>();

        SentenceSplitter.Split(Text, 0, Text.Length, boundaries);

        Assert.Equal(
            ["Dr. Smith signs, e.g. for J. Doe. ", "The log is kept.\n\n", "A new paragraph.\n", "- a list item"],
            Segments(Text, boundaries));
    }

    [Fact]
    public void Split_LowerCaseAfterFullStop_IsNoBoundary()
    {
        const string Text = "Version 2.5 is out. see the notes.";
        var boundaries = new List<int>();

        SentenceSplitter.Split(Text, 0, Text.Length, boundaries);

        Assert.Empty(boundaries);
    }

    private static IEnumerable<string> Segments(string text, List<int> boundaries)
    {
        int start = 0;
        foreach (int b in boundaries.Append(text.Length))
        {
            yield return text[start..b];
            start = b;
        }
    }
}
