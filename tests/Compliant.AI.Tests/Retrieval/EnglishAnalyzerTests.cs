namespace Compliant.AI.Tests.Retrieval;

public sealed class EnglishAnalyzerTests
{
    [Theory]
    [InlineData("caresses", "caress")]
    [InlineData("ponies", "poni")]
    [InlineData("ties", "ti")]
    [InlineData("cats", "cat")]
    [InlineData("feed", "feed")]
    [InlineData("agreed", "agre")]
    [InlineData("plastered", "plaster")]
    [InlineData("motoring", "motor")]
    [InlineData("sing", "sing")]
    [InlineData("hopping", "hop")]
    [InlineData("falling", "fall")]
    [InlineData("hissing", "hiss")]
    [InlineData("filing", "file")]
    [InlineData("happy", "happi")]
    [InlineData("sky", "sky")]
    [InlineData("relational", "relat")]
    [InlineData("conditional", "condit")]
    [InlineData("generalizations", "gener")]
    [InlineData("oscillators", "oscil")]
    [InlineData("adjustment", "adjust")]
    [InlineData("effective", "effect")]
    [InlineData("communism", "commun")]
    [InlineData("controll", "control")]
    [InlineData("roll", "roll")]
    [InlineData("running", "run")]
    [InlineData("connections", "connect")]
    [InlineData("connected", "connect")]
    [InlineData("hopefulness", "hope")]
    [InlineData("goodness", "good")]
    [InlineData("electrical", "electr")]
    [InlineData("as", "as")]
    public void Stem_PorterReferenceWords_MatchReferenceStemmer(string word, string expected) =>
        Assert.Equal(expected, EnglishAnalyzer.Stem(word));

    [Fact]
    public void Analyze_Sentence_LowercasesRemovesStopWordsAndStems()
    {
        IReadOnlyList<string> terms = EnglishAnalyzer.Default.Analyze("The Patients' records are RETAINED for seven years, and the patient's consent is logged.");

        Assert.Equal(["patient", "record", "retain", "seven", "year", "patient", "consent", "log"], terms);
    }

    [Fact]
    public void Analyze_Unicode_FoldsDiacriticsAndSplitsIdeographs()
    {
        Assert.Equal(["cafe", "naiv", "zurich"], EnglishAnalyzer.Default.Analyze("Café NAÏVE Zürich"));
        Assert.Equal(["中", "文", "test"], EnglishAnalyzer.Default.Analyze("中文test"));
    }

    [Fact]
    public void Analyze_Punctuation_NumbersAndLongTokens()
    {
        string garbage = new('q', EnglishAnalyzer.MaxTokenLength + 1);
        Assert.Equal(["covid", "19", "icd", "10", "2024"], EnglishAnalyzer.Default.Analyze($"COVID-19 (ICD-10) {garbage} 2024!"));
    }

    [Fact]
    public void Analyze_WithoutStemmingOrStopWords_KeepsWords()
    {
        var analyzer = new EnglishAnalyzer(removeStopWords: false, stem: false);

        Assert.Equal(["the", "running", "dogs"], analyzer.Analyze("The running dogs"));
    }

    [Fact]
    public void Analyze_EmptyAndWhitespace_ReturnsNothing()
    {
        Assert.Empty(EnglishAnalyzer.Default.Analyze(""));
        Assert.Empty(EnglishAnalyzer.Default.Analyze(" \n\t ... "));
    }
}
