using Compliant.AI.Pii.Internal;
using Compliant.AI.Text;

namespace Compliant.AI.Tests.Pii.Recognizers;

public class PersonCuesTests
{
    [Theory]
    [InlineData("My name is Quillon", "Quillon", "Strong")]
    [InlineData("attn: Quillon", "Quillon", "Strong")]
    [InlineData("I\u2019m Quillon", "Quillon", "Introduction")]
    [InlineData("this is Quillon", "Quillon", "Introduction")]
    [InlineData("My name is\n\n\n\nQuillon", "Quillon", "None")]
    [InlineData("the name Quillon", "Quillon", "None")]
    public void CueBefore_PhraseEndingRightBeforeTheToken(string text, string word, string expected)
    {
        List<WordToken> tokens = Tokens.Of(text);
        Assert.Equal(expected, PersonCues.CueBefore(text, tokens, Tokens.IndexOf(text, tokens, word)).ToString());
    }

    [Theory]
    [InlineData("My name is Quillon Vask.", "Quillon", "Vask", "Quillon Vask", "introduced")]
    [InlineData("Producer Quillon Vask said", "Producer", "Vask", "Quillon Vask", "introduced")]
    [InlineData("Gijsbrecht: \"Who are you?\"", "Gijsbrecht", "Gijsbrecht", "Gijsbrecht", "dialogue_speaker")]
    [InlineData("It was Franciska's kid.", "Franciska's", "Franciska's", "Franciska", "introduced")]
    [InlineData("I'm Maria", "Maria", "Maria", "Maria", "introduced")]
    public void Introduced_CuedName_IsAName(string text, string firstWord, string lastWord, string name, string pattern)
    {
        List<WordToken> tokens = Tokens.Of(text);
        PersonMatch? match = PersonCues.Introduced(text, tokens, Tokens.IndexOf(text, tokens, firstWord), Tokens.IndexOf(text, tokens, lastWord));
        Assert.NotNull(match);
        Assert.Equal(name, text[match.Value.Start..match.Value.End]);
        Assert.Equal(0.75, match.Value.Score);
        Assert.Equal(pattern, match.Value.Pattern);
    }

    [Theory]
    [InlineData("I'm Sorry, he said", "Sorry", "Sorry")]
    [InlineData("We met Quillon Vask.", "Quillon", "Vask")]
    [InlineData("My name is NASA", "NASA", "NASA")]
    public void Introduced_NoCueOrNotAName_IsNull(string text, string firstWord, string lastWord)
    {
        List<WordToken> tokens = Tokens.Of(text);
        Assert.Null(PersonCues.Introduced(text, tokens, Tokens.IndexOf(text, tokens, firstWord), Tokens.IndexOf(text, tokens, lastWord)));
    }

    [Theory]
    [InlineData("Amanda's daughter", true)]
    [InlineData("Amanda's  Kid", true)]
    [InlineData("Amanda's car", false)]
    [InlineData("Amanda daughter", false)]
    public void RelationAfter_PossessiveBeforeARelative(string text, bool expected)
    {
        Assert.Equal(expected, PersonCues.RelationAfter(text, Tokens.Of(text)[0]));
    }

    [Theory]
    [InlineData("Quillon: \"Hi\"", true)]
    [InlineData("> Quillon: \u201CHi\u201D", true)]
    [InlineData("x\nQuillon: \"Hi\"", true)]
    [InlineData("Ask Quillon: \"Hi\"", false)]
    [InlineData("Quillon: Hi", false)]
    public void DialogueSpeaker_NameAloneAtLineStartThenColonAndQuote(string text, bool expected)
    {
        List<WordToken> tokens = Tokens.Of(text);
        WordToken name = tokens[Tokens.IndexOf(text, tokens, "Quillon")];
        Assert.Equal(expected, PersonCues.DialogueSpeaker(text, name, name));
    }

    [Theory]
    [InlineData("seen at Quillon Vask", true)]
    [InlineData("admitted to the Quillon Vask", true)]
    [InlineData("met at Quillon Vask", false)]
    public void AfterFacilityCue_CareCueRightBefore(string text, bool expected)
    {
        List<WordToken> tokens = Tokens.Of(text);
        Assert.Equal(expected, PersonCues.AfterFacilityCue(text, tokens, Tokens.IndexOf(text, tokens, "Quillon")));
    }

    [Fact]
    public void IsRoleNoun_RoleWordsOnly()
    {
        Assert.True(PersonCues.IsRoleNoun("producer"));
        Assert.True(PersonCues.IsRoleNoun("Senator"));
        Assert.False(PersonCues.IsRoleNoun("Patient"));
    }
}
