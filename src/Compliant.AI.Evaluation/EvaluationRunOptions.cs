namespace Compliant.AI;

/// <summary>Options of <see cref="EvaluationRunner"/>.</summary>
public sealed class EvaluationRunOptions
{
    /// <summary>Gets or sets how many cases run at once. The default is 1.</summary>
    public int MaxParallel { get; set; } = 1;

    /// <summary>Gets or sets where progress is reported after each case, or <see langword="null"/>.</summary>
    public IProgress<EvaluationProgress>? Progress { get; set; }

    /// <summary>Gets or sets the clock for latencies and the start time. The default is <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
