namespace Compliant.AI;

/// <summary>One aggregate metric of a dataset, overall or for one slice.</summary>
/// <param name="Name">The metric name.</param>
/// <param name="Slice">The slice, or <see langword="null"/> for the whole dataset.</param>
/// <param name="Value">The value; <see cref="double.NaN"/> when not applicable (nothing to measure).</param>
/// <param name="Baseline">The value in the baseline report, or <see langword="null"/>.</param>
public sealed record EvaluationMetricValue(string Name, string? Slice, double Value, double? Baseline = null);
