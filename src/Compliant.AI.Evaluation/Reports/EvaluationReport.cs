namespace Compliant.AI;

/// <summary>The outcome of a suite run: written as JSON, JUnit XML and HTML by <see cref="EvaluationReportWriter"/>.</summary>
public sealed class EvaluationReport
{
    /// <summary>The exit code of a passing run.</summary>
    public const int ExitPassed = 0;

    /// <summary>The exit code of a run in which a gate failed, the pipeline errored or the run was cancelled.</summary>
    public const int ExitGateFailed = 1;

    /// <summary>The exit code of a bad suite or input.</summary>
    public const int ExitBadInput = 2;

    /// <summary>Gets the suite's name.</summary>
    public required string Suite { get; init; }

    /// <summary>Gets when the run started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Gets how long the run took.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Gets a value indicating whether the run was cancelled before every case ran; an incomplete report never passes.</summary>
    public bool Incomplete { get; init; }

    /// <summary>Gets the baseline compared with, or <see langword="null"/>.</summary>
    public string? Baseline { get; init; }

    /// <summary>Gets the datasets, in suite order.</summary>
    public required IReadOnlyList<EvaluationDatasetResult> Datasets { get; init; }

    /// <summary>Gets a value indicating whether the run passed: complete, no dataset failed or errored.</summary>
    public bool Passed => !Incomplete && Datasets.All(d => d.Status is EvaluationDatasetStatus.Passed or EvaluationDatasetStatus.Skipped);

    /// <summary>Gets the process exit code: <see cref="ExitPassed"/> or <see cref="ExitGateFailed"/>.</summary>
    public int ExitCode => Passed ? ExitPassed : ExitGateFailed;
}
