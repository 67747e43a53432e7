using Compliant.AI.Pii.Internal;
using Compliant.AI.Text;

namespace Compliant.AI.Tests.Pii.Recognizers;

public class PlaceNamesTests
{
    [Theory]
    [InlineData("We flew to San Diego today", "San", "San Diego")]
    [InlineData("Visit Bosnia and Herzegovina soon", "Bosnia", "Bosnia and Herzegovina")]
    [InlineData("We met Quillon Vask today", "Quillon", null)]
    public void LongestAt_LongestKnownPlaceStartingAtTheToken(string text, string word, string? expected)
    {
        List<WordToken> tokens = Tokens.Of(text);
        int end = PlaceNames.LongestAt(text, tokens, Tokens.IndexOf(text, tokens, word), stackalloc char[64]);
        Assert.Equal(expected, end < 0 ? null : text[tokens[Tokens.IndexOf(text, tokens, word)].Start..tokens[end].End]);
    }

    [Theory]
    [InlineData("Villafranca del Cid is far", "Villafranca del Cid")]
    [InlineData("Remniku, then home", "Remniku")]
    [InlineData("Aa Bb Cc Dd Ee", "Aa Bb Cc Dd")]
    [InlineData("del Cid", "")]
    public void PhraseEnd_OneToFourCapitalizedWordsWithJoiningWords(string text, string phrase)
    {
        Assert.Equal(phrase, text[..PlaceNames.PhraseEnd(text, 0)]);
    }

    [Theory]
    [InlineData("She grew up in Remniku.", "Remniku|0.6|place_cue")]
    [InlineData("originally from France.", "France|0.75|place_cue")]
    [InlineData("I am in Sutri for a business trip", "Sutri|0.6|place_cue")]
    [InlineData("I am in Pain today", null)]
    [InlineData("He moved to Maria yesterday", null)]
    public void AddCued_CapitalizedPhraseAfterAPlaceCue(string text, string? expected)
    {
        List<WordToken> tokens = Tokens.Of(text);
        var results = new List<PiiEntity>();
        PlaceNames.AddCued(text, tokens, LocationCues.FindAll(text, tokens), results, "R");
        Assert.Equal(expected is null ? [] : [expected], results.Select(e => $"{text[e.Start..e.End]}|{e.Score}|{e.Explanation!.Pattern}"));
    }

    [Theory]
    [InlineData("As used here", 0, true)]
    [InlineData("Done. As used", 6, true)]
    [InlineData("- (i) As used", 6, true)]
    [InlineData("used As here", 5, false)]
    public void OpensSentence_SentenceLineListOrHeadingStart(string text, int start, bool expected)
    {
        Assert.Equal(expected, PlaceNames.OpensSentence(text, start));
    }

    [Theory]
    [InlineData("Stella Marsh\n\nVillanueva del Rio\nSpain", "Villanueva del Rio\nSpain")]
    [InlineData("Note\nMaria Okafor\nSpain", null)]
    [InlineData("Villanueva del Rio\nSpain is far", null)]
    [InlineData("this line is not a place at all\nSpain", null)]
    public void AddCityLineBefore_LineAboveACountryLine(string text, string? expected)
    {
        int start = text.LastIndexOf("Spain", StringComparison.Ordinal);
        var results = new List<PiiEntity>();
        PlaceNames.AddCityLineBefore(text, start, start + 5, results, "R");
        Assert.Equal(expected is null ? [] : [expected], results.Select(e => text[e.Start..e.End]));
        Assert.All(results, e => Assert.Equal("city_line_country_line", e.Explanation!.Pattern));
    }
}
