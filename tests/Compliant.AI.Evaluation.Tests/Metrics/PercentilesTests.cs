namespace Compliant.AI.Evaluation.Tests.Metrics;

public sealed class PercentilesTests
{
    [Theory]
    [InlineData(50, 2)]
    [InlineData(75, 3)]
    [InlineData(95, 4)]
    [InlineData(99, 4)]
    [InlineData(100, 4)]
    [InlineData(1, 1)]
    public void NearestRank_FourValues_MatchesHandComputedRank(double p, double expected) =>
        Assert.Equal(expected, Percentiles.NearestRank([4, 1, 3, 2], p));

    [Fact]
    public void NearestRank_Ties_ReturnsTheTiedValue() => Assert.Equal(5, Percentiles.NearestRank([5, 1, 5, 5], 50));

    [Fact]
    public void NearestRank_EmptyOrOnlyNaN_IsNotApplicable()
    {
        Assert.True(double.IsNaN(Percentiles.NearestRank([], 50)));
        Assert.True(double.IsNaN(Percentiles.NearestRank([double.NaN], 50)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    [InlineData(double.NaN)]
    public void NearestRank_BadPercentile_Throws(double p) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.NearestRank([1], p));
}
