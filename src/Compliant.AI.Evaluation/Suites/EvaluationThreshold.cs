namespace Compliant.AI;

/// <summary>A quality gate: a metric of a dataset (optionally of one slice) must stay within bounds.</summary>
public sealed class EvaluationThreshold
{
    /// <summary>Gets the metric name, e.g. <c>recall</c>, <c>ndcg@10</c>, <c>keyFactRecall</c>, <c>latency.p95</c>.</summary>
    public required string Metric { get; init; }

    /// <summary>Gets the slice (an entity type for PII, the <c>slice</c> field of the cases otherwise), or <see langword="null"/> for the whole dataset.</summary>
    public string? Slice { get; init; }

    /// <summary>Gets the lowest passing value, or <see langword="null"/> for none.</summary>
    public double? Min { get; init; }

    /// <summary>Gets the highest passing value, or <see langword="null"/> for none.</summary>
    public double? Max { get; init; }

    /// <summary>Gets how the bound is applied. The default is <see cref="EvaluationThresholdRule.Mean"/>.</summary>
    public EvaluationThresholdRule Rule { get; init; } = EvaluationThresholdRule.Mean;
}
