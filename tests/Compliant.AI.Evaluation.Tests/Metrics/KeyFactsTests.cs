namespace Compliant.AI.Evaluation.Tests.Metrics;

public sealed class KeyFactsTests
{
    [Theory]
    [InlineData("You have 60\n calendar  days.", "60 calendar days", true)]
    [InlineData("within sixty days", "60 days|sixty days", true)]
    [InlineData("within 30 days", "60 days", false)]
    [InlineData("anything", "|", false)]
    public void Contains_NormalizesWhiteSpaceAndCase(string answer, string fact, bool expected) =>
        Assert.Equal(expected, KeyFacts.Contains(answer, fact));
}
