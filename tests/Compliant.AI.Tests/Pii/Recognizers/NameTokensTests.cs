using Compliant.AI.Pii.Internal;
using Compliant.AI.Text;

namespace Compliant.AI.Tests.Pii.Recognizers;

public class NameTokensTests
{
    [Theory]
    [InlineData("met Maria today", "Maria", true)]
    [InlineData("ask O'Brien now", "O'Brien", true)]
    [InlineData("Amanda's kid", "Amanda's", true)]
    [InlineData("I'm here", "I'm", false)]
    [InlineData("Don't go", "Don't", false)]
    [InlineData("see Login.gov for it", "Login", false)]
    [InlineData("the CHA score", "CHA", false)]
    [InlineData("met maria today", "maria", false)]
    public void IsNameLike_Token_TellsWhetherItCanBePartOfAName(string text, string word, bool expected)
    {
        List<WordToken> tokens = Tokens.Of(text);
        Assert.Equal(expected, NameTokens.IsNameLike(text, tokens[Tokens.IndexOf(text, tokens, word)]));
    }

    [Fact]
    public void IsPlain_KnownNonNameWordButNotAnInitial()
    {
        const string text = "Patient J. Maria";
        List<WordToken> tokens = Tokens.Of(text);
        Assert.True(NameTokens.IsPlain(text, tokens[0]));
        Assert.False(NameTokens.IsPlain(text, tokens[1]));
        Assert.False(NameTokens.IsPlain(text, tokens[2]));
    }

    [Theory]
    [InlineData("Amanda's", true)]
    [InlineData("Amanda\u2019s", true)]
    [InlineData("Amandas", false)]
    [InlineData("'s", false)]
    public void Possessive_EndsInApostropheS(string text, bool expected)
    {
        Assert.Equal(expected, NameTokens.Possessive(text, new WordToken(0, text.Length, true, false, false)));
    }

    [Theory]
    [InlineData("Smith came.", 0, true)]
    [InlineData("He left. (Smith came.", 10, true)]
    [InlineData("Note:\n Smith", 7, true)]
    [InlineData("and Smith came.", 4, false)]
    public void SentenceStart_WordAfterSentenceEndOrLineStart(string text, int start, bool expected)
    {
        Assert.Equal(expected, NameTokens.SentenceStart(text, start));
    }

    [Theory]
    [InlineData("## Due diligence", 3, true)]
    [InlineData("intro\n# Leave", 8, true)]
    [InlineData("see # Leave", 6, false)]
    [InlineData("Leave", 0, false)]
    public void HeadingStart_FirstWordOfAMarkdownHeading(string text, int start, bool expected)
    {
        Assert.Equal(expected, NameTokens.HeadingStart(text, start));
    }

    [Fact]
    public void AllCommon_WordsTheTextAlsoWritesInLowerCase_AreCommon()
    {
        const string text = "Sick Leave is paid; sick leave needs a note. Quillon Vask called.";
        List<WordToken> tokens = Tokens.Of(text);
        Assert.True(NameTokens.AllCommon(text, tokens, 0, 1));
        int quillon = Tokens.IndexOf(text, tokens, "Quillon");
        Assert.False(NameTokens.AllCommon(text, tokens, quillon, quillon + 1));
    }
}
