using System.Globalization;

namespace Compliant.AI.Evaluation.Internal;

/// <summary>The metric names each dataset kind produces, and which way is better.</summary>
internal static class MetricCatalog
{
    public static readonly string[] Timing = ["latency.p50", "latency.p95", "latency.p99", "tokens.p50", "tokens.p95", "tokens.p99"];

    public static IReadOnlyList<string> For(EvaluationDatasetSpec spec) => spec.Kind switch
    {
        EvaluationDatasetKind.Pii => ["precision", "recall", "f2", "anyType.precision", "anyType.recall", "anyType.f2", .. Timing],
        EvaluationDatasetKind.Retrieval => ["ndcg@10", RecallName(spec), "mrr@10", .. Timing],
        EvaluationDatasetKind.GroundedQa => ["answerRate", "refusalRate", "citationPrecision", "keyFactRecall", "unsupportedClaimRate", .. Timing],
        EvaluationDatasetKind.StructuredOutput => ["validRate", "reaskRate", "invalidJsonRate", .. Timing],
        EvaluationDatasetKind.Injection => ["precision", "recall", "f1", "overDefenseAccuracy", "flaggedRate", .. Timing],
        _ => [],
    };

    public static string RecallName(EvaluationDatasetSpec spec) => string.Create(CultureInfo.InvariantCulture, $"recall@{spec.RecallK}");

    /// <summary>Whether a larger value is better (quality rates) or worse (error rates, latency, tokens).</summary>
    public static bool HigherIsBetter(string metric) =>
        !(metric.StartsWith("latency.", StringComparison.Ordinal) || metric.StartsWith("tokens.", StringComparison.Ordinal)
          || metric is "unsupportedClaimRate" or "reaskRate" or "invalidJsonRate");

    /// <summary>Whether a metric is a ratio in [0, 1] (drawn on a fixed scale).</summary>
    public static bool IsRatio(string metric) =>
        !(metric.StartsWith("latency.", StringComparison.Ordinal) || metric.StartsWith("tokens.", StringComparison.Ordinal));

    /// <summary>
    /// Whether a baseline comparison applies: quality metrics only (timings vary from machine to machine; the flagged rate
    /// is better higher on attacks and lower on benign text, so it has no direction).
    /// </summary>
    public static bool ComparedToBaseline(string metric) => IsRatio(metric) && metric != "flaggedRate";
}
