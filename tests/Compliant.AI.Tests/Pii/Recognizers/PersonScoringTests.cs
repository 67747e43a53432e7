using Compliant.AI.Pii.Internal;
using Compliant.AI.Text;

namespace Compliant.AI.Tests.Pii.Recognizers;

public class PersonScoringTests
{
    [Theory]
    [InlineData("We met Maria Okafor today.", "Maria", "Okafor", "Maria Okafor", 0.9, "given_surname")]
    [InlineData("We met Dr. Quillon Vask today.", "Quillon", "Vask", "Quillon Vask", 0.85, "honorific")]
    [InlineData("We met Quillon R. Vask today.", "Quillon", "Vask", "Quillon R. Vask", 0.85, "given_initial_surname")]
    [InlineData("We met Maria S. today.", "Maria", "S.", "Maria S.", 0.8, "given_initial")]
    [InlineData("We met Quillon Einarsson today.", "Quillon", "Einarsson", "Quillon Einarsson", 0.7, "surname_morphology")]
    [InlineData("We met Patient Maria Okafor today.", "Patient", "Okafor", "Maria Okafor", 0.9, "given_surname")]
    public void Score_NameRun_GradedByStructure(string text, string firstWord, string lastWord, string name, double score, string pattern)
    {
        List<WordToken> tokens = Tokens.Of(text);
        PersonMatch? match = PersonScoring.Score(text, tokens, Tokens.IndexOf(text, tokens, firstWord), Tokens.IndexOf(text, tokens, lastWord));
        Assert.NotNull(match);
        Assert.Equal(name, text[match.Value.Start..match.Value.End]);
        Assert.Equal(score, match.Value.Score);
        Assert.Equal(pattern, match.Value.Pattern);
    }

    [Theory]
    [InlineData("She met The Princess Royal there.", "The", "Royal")]
    [InlineData("She went to Mercy Hospital there.", "Mercy", "Hospital")]
    [InlineData("She went to San Diego there.", "San", "Diego")]
    [InlineData("She was seen at Johns Hopkins today.", "Johns", "Hopkins")]
    [InlineData("Sick Leave is paid; sick leave needs a note.", "Sick", "Leave")]
    public void Score_TitleOrganisationPlaceOrCommonWords_IsNotAName(string text, string firstWord, string lastWord)
    {
        List<WordToken> tokens = Tokens.Of(text);
        Assert.Null(PersonScoring.Score(text, tokens, Tokens.IndexOf(text, tokens, firstWord), Tokens.IndexOf(text, tokens, lastWord)));
    }
}
