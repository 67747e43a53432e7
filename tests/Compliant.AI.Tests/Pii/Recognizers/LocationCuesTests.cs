using Compliant.AI.Pii.Internal;
using Compliant.AI.Text;

namespace Compliant.AI.Tests.Pii.Recognizers;

public class LocationCuesTests
{
    [Fact]
    public void FindAll_EveryCueInTokenOrder_WithItsKind()
    {
        const string text = "She grew up in Quillhaven, was seen at the Vask Clinic and lives on Elm Row. Address: 12 Elm Row";
        List<WordToken> tokens = Tokens.Of(text);

        List<(int Token, LocationCue Kind)> cues = LocationCues.FindAll(text, tokens);

        Assert.Equal(
            [("in", LocationCue.Place), ("at", LocationCue.Facility), ("on", LocationCue.Address), ("Address", LocationCue.Address)],
            cues.Select(c => (text[tokens[c.Token].Start..tokens[c.Token].End], c.Kind)));
    }

    [Theory]
    [InlineData("seen at the Vask Clinic", true, "Vask Clinic")]
    [InlineData("seen at the Vask Clinic", false, "the Vask Clinic")]
    [InlineData("address:   12 Elm Row", false, "12 Elm Row")]
    public void After_SkipsColonSpacesAndOptionallyTheArticle(string text, bool skipArticle, string rest)
    {
        List<WordToken> tokens = Tokens.Of(text);
        int cue = LocationCues.FindAll(text, tokens)[0].Token;
        Assert.Equal(rest, text[LocationCues.After(text, tokens, cue, skipArticle)..]);
    }

    [Theory]
    [InlineData("I am in Sutri for a business trip", true)]
    [InlineData("I am in Sutri, with friends", true)]
    [InlineData("I am in Sutri for the Conference", true)]
    [InlineData("I am in Sutri today", false)]
    [InlineData("I am in Sutri\nfor a business trip", false)]
    public void IsStay_ClauseAfterThePlaceSaysItIsAStay(string text, bool expected)
    {
        Assert.Equal(expected, LocationCues.IsStay(text, "I am in Sutri".Length));
    }
}
