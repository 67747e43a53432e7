namespace Compliant.AI;

/// <summary>The outcome of one dataset: its metrics, gates and cases.</summary>
public sealed class EvaluationDatasetResult
{
    /// <summary>Gets the dataset's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets what the dataset measures.</summary>
    public required EvaluationDatasetKind Kind { get; init; }

    /// <summary>Gets how it ended.</summary>
    public required EvaluationDatasetStatus Status { get; init; }

    /// <summary>Gets why it was skipped or errored, or <see langword="null"/>.</summary>
    public string? Message { get; init; }

    /// <summary>Gets the number of cases in the dataset (after <see cref="EvaluationDatasetSpec.MaxCases"/>).</summary>
    public int TotalCases { get; init; }

    /// <summary>Gets the aggregate metrics, overall and per slice.</summary>
    public IReadOnlyList<EvaluationMetricValue> Metrics { get; init; } = [];

    /// <summary>Gets the gate verdicts.</summary>
    public IReadOnlyList<EvaluationGateResult> Gates { get; init; } = [];

    /// <summary>Gets the cases that completed, in dataset order.</summary>
    public IReadOnlyList<EvaluationCaseResult> Cases { get; init; } = [];

    /// <summary>Gets the wall-clock time the dataset took: building its pipeline, then running its cases.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Gets the wall-clock part of <see cref="Duration"/> spent before the first case: building the dataset's
    /// pipeline (its services, and loading its corpus into the index where it has one).</summary>
    /// <remarks>Paid once per dataset, not per case; zero when the pipeline was never built (a skipped dataset).</remarks>
    public TimeSpan SetupDuration { get; init; }
}
