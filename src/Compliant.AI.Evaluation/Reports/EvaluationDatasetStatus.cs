namespace Compliant.AI;

/// <summary>How a dataset of a suite ended.</summary>
public enum EvaluationDatasetStatus
{
    /// <summary>Every gate passed.</summary>
    Passed,

    /// <summary>A gate failed.</summary>
    Failed,

    /// <summary>The evaluated pipeline or the evaluator threw: the dataset fails (fail closed).</summary>
    Error,

    /// <summary>An optional dataset was absent.</summary>
    Skipped,

    /// <summary>The run was cancelled before the dataset finished; its figures cover the cases that completed.</summary>
    Incomplete,
}
