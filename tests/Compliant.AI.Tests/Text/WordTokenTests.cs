using Compliant.AI.Text;

namespace Compliant.AI.Tests.Text;

public sealed class WordTokenTests
{
    [Fact]
    public void Scan_KeepsCaseFlagsInnerApostrophesAndHyphens_AndInitials()
    {
        const string Text = "J. O'Brien-Smith's NHS visit, 2024";

        List<WordToken> tokens = WordToken.Scan(Text);

        Assert.Equal(["J.", "O'Brien-Smith's", "NHS", "visit"], tokens.Select(t => Text[t.Start..t.End]));
        Assert.Equal([true, true, true, false], tokens.Select(t => t.Capitalized));
        Assert.Equal([false, false, true, false], tokens.Select(t => t.AllCaps));
        Assert.Equal([true, false, false, false], tokens.Select(t => t.Initial));
        Assert.Equal("J", tokens[0].Word(Text).ToString());
        Assert.Equal("O'Brien-Smith", tokens[1].Word(Text).ToString());
    }

    [Theory]
    [InlineData("Mary Ann", 2, true)]
    [InlineData("Mary   Ann", 2, true)]
    [InlineData("Mary    Ann", 2, false)]
    [InlineData("Mary, Ann", 2, false)]
    [InlineData("Dr. Ann", 2, true)]
    public void SpaceBetween_OnlySpacesWithinTheLimit(string text, int max, bool expected)
    {
        List<WordToken> tokens = WordToken.Scan(text);

        Assert.Equal(expected, WordToken.SpaceBetween(text, tokens[0], tokens[1], max));
    }
}
