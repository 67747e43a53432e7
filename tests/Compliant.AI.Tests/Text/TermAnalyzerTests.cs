using Compliant.AI.Text;

namespace Compliant.AI.Tests.Text;

public sealed class TermAnalyzerTests
{
    [Fact]
    public void Terms_DropStopWordsAndSingleLetters_StemTheRest()
    {
        HashSet<ulong> terms = TermAnalyzer.Terms("The logs are RETAINED for a period of 6 years.");

        Assert.Equal(
            new HashSet<ulong> { TermHash.Of("log"), TermHash.Of("retain"), TermHash.Of("period"), TermHash.Of("6"), TermHash.Of("year") },
            terms);
    }

    [Fact]
    public void Terms_InflectionsOfOneWord_MeetAtOneTerm()
    {
        Assert.Equal(TermAnalyzer.Terms("retained"), TermAnalyzer.Terms("retaining"));
        Assert.Equal(TermAnalyzer.Terms("policies"), TermAnalyzer.Terms("policy"));
    }

    [Fact]
    public void Terms_OnlyStopWords_IsEmpty() => Assert.Empty(TermAnalyzer.Terms("it is what it should be, or not"));

    [Fact]
    public void ForEachTerm_KeepsOrderAndDuplicates()
    {
        var seen = new List<ulong>();
        TermAnalyzer.ForEachTerm("keys rotate, keys expire", ref seen, static (ref List<ulong> list, ulong term) => list.Add(term));

        Assert.Equal([TermHash.Of("key"), TermHash.Of("rotat"), TermHash.Of("key"), TermHash.Of("expir")], seen);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("The audit log, kept for 6 years.", 7)]
    [InlineData("e-mail: a.b@c.d", 6)]
    public void CountWords_CountsLetterAndDigitRuns_StopWordsIncluded(string text, int expected) =>
        Assert.Equal(expected, TermAnalyzer.CountWords(text));

    [Fact]
    public void StopWords_IndexListIsASubsetOfTheContentList()
    {
        // Retrieval keeps Lucene's 33 words (the BEIR baselines' analyzer); content terms drop a longer list.
        Assert.Equal(33, StopWords.Index.Count);
        Assert.Subset(new HashSet<string>(StopWords.Content), new HashSet<string>(StopWords.Index));
    }
}
