namespace Compliant.AI.Evaluation.Tests.Metrics;

public sealed class PiiSpanScorerTests
{
    // Tokens: Call | Anna | Smith | at | 555 | 1234 | today
    private const string Text = "Call Anna Smith at 555 1234 today";

    [Fact]
    public void Add_PartialAndSpuriousDetections_MatchesHandComputedFigures()
    {
        var scorer = new PiiSpanScorer();
        scorer.Add(Text, [new("PERSON", 5, 15), new("PHONE_NUMBER", 19, 27)], [new PiiEntity("PERSON", 5, 9, 1), new PiiEntity("DATE_TIME", 28, 33, 1)]);

        // PERSON: Anna TP, Smith FN. PHONE: 555 FN, 1234 FN. DATE_TIME: today FP.
        Assert.Equal(new DetectionCounts(1, 0, 1), scorer.ByType["PERSON"]);
        Assert.Equal(new DetectionCounts(0, 0, 2), scorer.ByType["PHONE_NUMBER"]);
        Assert.Equal(new DetectionCounts(0, 1, 0), scorer.ByType["DATE_TIME"]);
        Assert.Equal(1.0, scorer.ByType["PERSON"].Precision);
        Assert.Equal(0.5, scorer.ByType["PERSON"].Recall);
        Assert.Equal(2.5 / 4.5, scorer.ByType["PERSON"].F2, 12);
        Assert.True(double.IsNaN(scorer.ByType["PHONE_NUMBER"].Precision)); // nothing predicted: not applicable, not 0 or 1
        Assert.Equal(0, scorer.ByType["PHONE_NUMBER"].Recall);

        DetectionCounts overall = scorer.Overall; // TP 1, FP 1, FN 3
        Assert.Equal(new DetectionCounts(1, 1, 3), overall);
        Assert.Equal(0.5, overall.Precision);
        Assert.Equal(0.25, overall.Recall);
        Assert.Equal(0.625 / 2.25, overall.F2, 12);
        Assert.Equal(new DetectionCounts(1, 1, 3), scorer.AnyType);
    }

    [Fact]
    public void Add_WrongType_CountsFalsePositiveAndFalseNegativeButAnyTypeHit()
    {
        var scorer = new PiiSpanScorer();
        scorer.Add("Paris", [new("PERSON", 0, 5)], [new PiiEntity("LOCATION", 0, 5, 1)]);

        Assert.Equal(new DetectionCounts(0, 0, 1), scorer.ByType["PERSON"]);
        Assert.Equal(new DetectionCounts(0, 1, 0), scorer.ByType["LOCATION"]);
        Assert.Equal(new DetectionCounts(1, 0, 0), scorer.AnyType);
    }

    [Fact]
    public void Add_EmptyText_EverythingNotApplicable()
    {
        var scorer = new PiiSpanScorer();
        scorer.Add(string.Empty, [], []);

        Assert.Empty(scorer.ByType);
        Assert.True(double.IsNaN(scorer.Overall.Precision));
        Assert.True(double.IsNaN(scorer.Overall.Recall));
        Assert.True(double.IsNaN(scorer.Overall.F2));
    }

    [Fact]
    public void Add_IgnoredGoldType_TokensNotScored()
    {
        var scorer = new PiiSpanScorer();
        scorer.Add("Acme Corp hired Bob", [new(PiiSpanScorer.Ignore, 0, 9), new("PERSON", 16, 19)], [new PiiEntity("PERSON", 0, 4, 1), new PiiEntity("PERSON", 16, 19, 1)]);

        Assert.Equal(new DetectionCounts(1, 0, 0), scorer.ByType["PERSON"]);
    }

    [Fact]
    public void F2_PrecisionAndRecallZero_IsZero()
    {
        Assert.Equal(0, new DetectionCounts(0, 3, 2).F2);
        Assert.Equal(0, new DetectionCounts(0, 3, 2).F1);
    }
}
