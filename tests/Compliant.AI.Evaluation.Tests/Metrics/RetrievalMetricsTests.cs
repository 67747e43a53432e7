namespace Compliant.AI.Evaluation.Tests.Metrics;

public sealed class RetrievalMetricsTests
{
    private static readonly Dictionary<string, int> Judged = new(StringComparer.Ordinal) { ["d1"] = 1, ["d2"] = 1, ["d4"] = 0 };

    [Fact]
    public void NdcgAtK_DuplicatesCountOnce_MatchesHandComputedValue()
    {
        // Distinct ranking d3, d1, d2: DCG = 1/log2(3) + 1/log2(4); ideal = 1 + 1/log2(3).
        double expected = ((1 / Math.Log2(3)) + 0.5) / (1 + (1 / Math.Log2(3)));
        Assert.Equal(expected, RetrievalMetrics.NdcgAtK(["d3", "d1", "d1", "d2"], Judged, 10), 12);
    }

    [Fact]
    public void NdcgAtK_GradedTie_IdealOrderDoesNotMatter()
    {
        var graded = new Dictionary<string, int>(StringComparer.Ordinal) { ["a"] = 2, ["b"] = 2 };
        Assert.Equal(1.0, RetrievalMetrics.NdcgAtK(["a", "b"], graded, 10), 12);
        Assert.Equal(1.0, RetrievalMetrics.NdcgAtK(["b", "a"], graded, 10), 12);
    }

    [Fact]
    public void RecallAtK_CutOff_CountsDistinctTopK()
    {
        Assert.Equal(0.5, RetrievalMetrics.RecallAtK(["d3", "d1", "d1", "d2"], Judged, 2));
        Assert.Equal(1.0, RetrievalMetrics.RecallAtK(["d3", "d1", "d1", "d2"], Judged, 3));
    }

    [Fact]
    public void ReciprocalRank_FirstRelevantAtTwo_IsHalf()
    {
        Assert.Equal(0.5, RetrievalMetrics.ReciprocalRank(["d4", "d2"], Judged, 10));
        Assert.Equal(0, RetrievalMetrics.ReciprocalRank(["d4", "d2"], Judged, 1));
    }

    [Fact]
    public void Metrics_EmptyRanking_AreZero()
    {
        Assert.Equal(0, RetrievalMetrics.NdcgAtK([], Judged, 10));
        Assert.Equal(0, RetrievalMetrics.RecallAtK([], Judged, 10));
        Assert.Equal(0, RetrievalMetrics.ReciprocalRank([], Judged, 10));
    }

    [Fact]
    public void Metrics_NoRelevantJudgment_AreNotApplicable()
    {
        var none = new Dictionary<string, int>(StringComparer.Ordinal) { ["x"] = 0 };
        Assert.True(double.IsNaN(RetrievalMetrics.NdcgAtK(["x"], none, 10)));
        Assert.True(double.IsNaN(RetrievalMetrics.RecallAtK(["x"], none, 10)));
        Assert.True(double.IsNaN(RetrievalMetrics.ReciprocalRank(["x"], none, 10)));
    }
}
