namespace Compliant.AI;

/// <summary>Progress of a suite run, reported after each case.</summary>
/// <param name="Dataset">The dataset running.</param>
/// <param name="Completed">Cases completed in the whole run.</param>
/// <param name="Total">Cases in the whole run.</param>
public readonly record struct EvaluationProgress(string Dataset, int Completed, int Total);
