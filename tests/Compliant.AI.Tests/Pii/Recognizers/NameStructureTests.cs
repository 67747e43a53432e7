using Compliant.AI.Pii.Internal;
using Compliant.AI.Text;

namespace Compliant.AI.Tests.Pii.Recognizers;

public class NameStructureTests
{
    [Theory]
    [InlineData("Ludwig van Beethoven wrote it", "Beethoven")]
    [InlineData("Quillon Vask called", "Vask")]
    [InlineData("Amanda's Quillon came", "Amanda's")]
    [InlineData("Quillon, Vask", "Quillon")]
    [InlineData("Aa Bb Cc Dd Ee Ff Gg", "Ee")]
    public void RunEnd_GrowsOverSingleSpacesAndParticles_StopsAtPossessiveAndFiveTokens(string text, string lastWord)
    {
        List<WordToken> tokens = Tokens.Of(text);
        int end = NameStructure.RunEnd(text, tokens, 0);
        Assert.Equal(lastWord, text[tokens[end].Start..tokens[end].End]);
    }

    [Theory]
    [InlineData("Einarsson", true)]
    [InlineData("Jeknić", true)]
    [InlineData("Rintanen", true)]
    [InlineData("Kowalski", true)]
    [InlineData("kowalski", false)]
    [InlineData("Ivov", false)]
    [InlineData("Morgan", false)]
    public void SurnameMorphology_EndingThatMarksASurname(string word, bool expected)
    {
        Assert.Equal(expected, NameStructure.SurnameMorphology(word));
    }

    [Fact]
    public void WordLists_HonorificsParticlesAndNonPersonSuffixes()
    {
        Assert.True(NameStructure.IsHonorific("dr"));
        Assert.True(NameStructure.IsHonorific("Mrs"));
        Assert.False(NameStructure.IsHonorific("Maria"));
        Assert.True(NameStructure.IsParticle("van"));
        Assert.False(NameStructure.IsParticle("Van"));
        Assert.True(NameStructure.IsNonPersonSuffix("hospital"));
        Assert.True(NameStructure.IsNonPersonSuffix("Resources"));
        Assert.False(NameStructure.IsNonPersonSuffix("Okafor"));
    }
}
