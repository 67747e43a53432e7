using Compliant.AI.Text;

namespace Compliant.AI.Tests.Text;

public sealed class LightStemmerTests
{
    [Theory]
    [InlineData("retained", "retain")]
    [InlineData("retains", "retain")]
    [InlineData("retaining", "retain")]
    [InlineData("policies", "policy")]
    [InlineData("classes", "class")]
    [InlineData("submitted", "submit")]
    [InlineData("called", "call")]
    [InlineData("stored", "stor")]
    [InlineData("store", "stor")]
    [InlineData("status", "status")]
    [InlineData("analysis", "analysis")]
    [InlineData("agreed", "agreed")]
    [InlineData("retention", "retention")]
    public void Stem_InflectedWord_MeetsItsBase(string word, string expected)
    {
        char[] buffer = word.ToCharArray();
        Assert.Equal(expected, new string(LightStemmer.Stem(buffer)));
    }

    [Fact]
    public void Stem_LeavesDerivationalSuffixes_WherePorterStrips()
    {
        // The light stemmer keeps "retention" and "retain" apart; Porter maps "relational" to "relat".
        char[] relational = "relational".ToCharArray();
        Assert.Equal("relational", new string(LightStemmer.Stem(relational)));
        Assert.Equal("relat", EnglishAnalyzer.Stem("relational"));
    }
}
