using Compliant.AI.Pii.Internal;

namespace Compliant.AI.Tests.Pii.Recognizers;

public class LegalCitationsTests
{
    [Theory]
    [InlineData("45 CFR Part 164", true)]
    [InlineData("42 U.S.C. 1320d", true)]
    [InlineData("164 § 502", true)]
    [InlineData("12 Section 5", true)]
    [InlineData("112 Elm Street", false)]
    [InlineData("6750 Koskikatu 25", false)]
    public void IsCitation_NumberFollowedByAReporterOrDivisionWord(string value, bool expected)
    {
        string text = "see " + value + " here";
        Assert.Equal(expected, LegalCitations.IsCitation(text, 4, value.Length));
    }

    [Theory]
    [InlineData("65 FR 82802", true)]
    [InlineData("42 U.S.C. 82802", true)]
    [InlineData("§ 82802", true)]
    [InlineData("Table  82802", true)]
    [InlineData("Springfield 82802", false)]
    [InlineData("82802", false)]
    public void IsAfterCitationWord_WordRightBeforeTheNumber(string text, bool expected)
    {
        Assert.Equal(expected, LegalCitations.IsAfterCitationWord(text, text.IndexOf("82802", StringComparison.Ordinal)));
    }
}
