using Compliant.AI.Pii.Internal;
using Compliant.AI.Text;

namespace Compliant.AI.Tests.Pii.Recognizers;

public class StreetAnchorsTests
{
    private static List<string> Anchors(string text, bool digits = true) =>
        [.. StreetAnchors.Find(text, Tokens.Of(text), LocationCues.FindAll(text, Tokens.Of(text)), digits).Select(a => $"{text[a.Start..a.End]}|{a.Score}|{a.Pattern}")];

    [Theory]
    [InlineData("Our office at 112 Elm Street is open.", "112 Elm Street|0.85|street_address")]
    [InlineData("Ring at Koskikatu 25 please.", "Koskikatu 25|0.7|street_number")]
    [InlineData("Mail to PSC 6695, Box 2353 now", "PSC 6695, Box 2353|0.8|military_address")]
    [InlineData("See 36 rue de Pologne soon", "36 rue de Pologne soon|0.75|number_first_street")]
    public void Find_AddressExpressions_AnchorWithScoreAndPattern(string text, string expected)
    {
        Assert.Contains(expected, Anchors(text));
    }

    [Theory]
    [InlineData("See 45 CFR Part 164 for the rule.")]
    [InlineData("On 2019 March 15 we met.")]
    [InlineData("Take 2 Advil 200 mg daily.")]
    public void Find_CitationDateOrDose_NoAnchor(string text)
    {
        Assert.Empty(Anchors(text));
    }

    [Fact]
    public void Find_NoDigits_OnlyCuedStreets()
    {
        Assert.Empty(Anchors("Our office at 112 Elm Street is open.", digits: false));
        Assert.Equal(["Birch Street and Mill Road|0.75|street_corner"], Anchors("meet at the corner of Birch Street and Mill Road.", digits: false));
    }

    [Theory]
    [InlineData("The bus station is on Villacher Strasse 89 now.", "Villacher Strasse 89|0.6|cued_street")]
    [InlineData("It is at Erzsébet u. 15.", "Erzsébet u. 15.|0.6|cued_street")]
    [InlineData("It is on Oak Lane 12 Maple.", "Oak Lane 12 Maple|0.6|cued_street")]
    [InlineData("Please send a new one to Aqqusinersuaq 176 Pinto Hill", "Aqqusinersuaq 176 Pinto Hill|0.6|cued_street")]
    [InlineData("meet at the corner of Birch Street and Mill Road.", "Birch Street and Mill Road|0.75|street_corner")]
    public void AddCuedStreets_CapitalizedWordsAndANumberAfterAnAddressCue(string text, string expected)
    {
        List<WordToken> tokens = Tokens.Of(text);
        var anchors = new List<AddressAnchor>();
        StreetAnchors.AddCuedStreets(text, tokens, LocationCues.FindAll(text, tokens), anchors);
        Assert.Equal([expected], anchors.Select(a => $"{text[a.Start..a.End]}|{a.Score}|{a.Pattern}"));
    }

    [Theory]
    [InlineData("It is on Main street now.")]
    [InlineData("The bus is on Villacher Strasse today.")]
    public void AddCuedStreets_NoNumberOrNotCapitalized_NoAnchor(string text)
    {
        List<WordToken> tokens = Tokens.Of(text);
        var anchors = new List<AddressAnchor>();
        StreetAnchors.AddCuedStreets(text, tokens, LocationCues.FindAll(text, tokens), anchors);
        Assert.Empty(anchors);
    }

    [Theory]
    [InlineData("6750 Koskikatu 25", "", true)]
    [InlineData("2019 March 15", "", false)]
    [InlineData("2 Advil 200", " mg daily", false)]
    [InlineData("2 Vask 200", " units", false)]
    public void IsHouseNumberStreet_NotADateOrADose(string match, string after, bool expected)
    {
        Assert.Equal(expected, StreetAnchors.IsHouseNumberStreet(match + after, 0, match.Length));
    }
}
