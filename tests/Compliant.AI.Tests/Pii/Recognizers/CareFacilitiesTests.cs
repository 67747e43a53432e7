using Compliant.AI.Pii.Internal;
using Compliant.AI.Text;

namespace Compliant.AI.Tests.Pii.Recognizers;

public class CareFacilitiesTests
{
    private static List<string> At(string text, string word)
    {
        List<WordToken> tokens = Tokens.Of(text);
        var results = new List<PiiEntity>();
        CareFacilities.AddAt(text, tokens, Tokens.IndexOf(text, tokens, word), results, "R");
        return [.. results.Select(e => $"{text[e.Start..e.End]}|{e.Score}|{e.Explanation!.Pattern}")];
    }

    [Theory]
    [InlineData("She went to Methodist Hospital today.", "Methodist", "Methodist Hospital|0.6|facility")]
    [InlineData("Seen at UCLA Medical Center today.", "UCLA", "UCLA Medical Center|0.6|facility")]
    [InlineData("seen at Stanford Health today", "Stanford", "Stanford Health|0.6|facility")]
    [InlineData("Children's Hospital Los Angeles", "Children's", "Children's Hospital|0.6|facility")]
    public void AddAt_CapitalizedWordsEndingInAFacilityWord(string text, string word, string expected)
    {
        Assert.Equal([expected], At(text, word));
    }

    [Theory]
    [InlineData("Northwind Health Partners said", "Northwind")]
    [InlineData("Northwind Health employees must", "Northwind")]
    [InlineData("The Hospital said", "The")]
    [InlineData("Dr Quillon Methodist Hospital", "Quillon")]
    public void AddAt_OrganisationTermOrNotARunStart_NoFacility(string text, string word)
    {
        Assert.Empty(At(text, word));
    }

    [Theory]
    [InlineData("HTN follow-up for pt seen at Johns Hopkins on 3/4/2023.", "Johns Hopkins")]
    [InlineData("admitted to Cedars-Sinai on Feb 2", "Cedars-Sinai")]
    [InlineData("residing at Greenfield Senior Center, seen monthly", "Greenfield Senior Center")]
    [InlineData("seen at the Mayo Clinic of Rochester today", "Mayo Clinic of Rochester")]
    public void AddCued_NameAfterACareCue(string text, string expected)
    {
        List<WordToken> tokens = Tokens.Of(text);
        var results = new List<PiiEntity>();
        CareFacilities.AddCued(text, tokens, LocationCues.FindAll(text, tokens), results, "R");
        Assert.Equal([$"{expected}|0.92|care_facility_cue"], results.Select(e => $"{text[e.Start..e.End]}|{e.Score}|{e.Explanation!.Pattern}"));
    }

    [Theory]
    [InlineData("seen at Dr. Quillon today")]
    [InlineData("seen at 12 noon")]
    [InlineData("seen at home")]
    public void AddCued_TitleNumberOrLowerCase_NoFacility(string text)
    {
        List<WordToken> tokens = Tokens.Of(text);
        var results = new List<PiiEntity>();
        CareFacilities.AddCued(text, tokens, LocationCues.FindAll(text, tokens), results, "R");
        Assert.Empty(results);
    }

    [Fact]
    public void IsFacilityAhead_NextTokenIsAFacilityWord()
    {
        const string text = "Boston Hospital and Boston Harbor";
        List<WordToken> tokens = Tokens.Of(text);
        Assert.True(CareFacilities.IsFacilityAhead(text, tokens, 0));
        Assert.False(CareFacilities.IsFacilityAhead(text, tokens, 3));
        Assert.False(CareFacilities.IsFacilityAhead(text, tokens, 4));
    }
}
