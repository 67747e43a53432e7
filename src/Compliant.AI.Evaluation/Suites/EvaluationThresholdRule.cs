namespace Compliant.AI;

/// <summary>How a threshold is applied.</summary>
public enum EvaluationThresholdRule
{
    /// <summary>The aggregate (the micro average, the mean over cases, or the percentile) must meet the bound.</summary>
    Mean,

    /// <summary>Every case that has the metric must meet the bound on its own; the failing cases are listed.</summary>
    EveryCase,
}
