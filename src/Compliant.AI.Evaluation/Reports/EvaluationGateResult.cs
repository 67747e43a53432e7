namespace Compliant.AI;

/// <summary>The verdict of one gate: a threshold, or the comparison of a metric with its baseline.</summary>
public sealed class EvaluationGateResult
{
    /// <summary>Gets the gate's name as it appears in reports and JUnit, e.g. <c>recall[PERSON] &gt;= 0.9 (mean)</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the metric.</summary>
    public required string Metric { get; init; }

    /// <summary>Gets the slice, or <see langword="null"/>.</summary>
    public string? Slice { get; init; }

    /// <summary>Gets a value indicating whether this gate compares with the baseline (rather than a threshold).</summary>
    public bool IsBaseline { get; init; }

    /// <summary>Gets the rule.</summary>
    public EvaluationThresholdRule Rule { get; init; }

    /// <summary>Gets the lowest passing value, or <see langword="null"/>.</summary>
    public double? Min { get; init; }

    /// <summary>Gets the highest passing value, or <see langword="null"/>.</summary>
    public double? Max { get; init; }

    /// <summary>Gets the measured value (the aggregate; for <see cref="EvaluationThresholdRule.EveryCase"/> the worst case).</summary>
    public double Actual { get; init; }

    /// <summary>Gets a value indicating whether the gate passed.</summary>
    public bool Passed { get; init; }

    /// <summary>Gets why it failed, or <see langword="null"/>.</summary>
    public string? Message { get; init; }

    /// <summary>Gets the ids of the cases that failed an <see cref="EvaluationThresholdRule.EveryCase"/> gate.</summary>
    public IReadOnlyList<string> FailingCases { get; init; } = [];
}
