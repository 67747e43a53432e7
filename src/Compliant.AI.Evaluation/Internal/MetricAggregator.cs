namespace Compliant.AI.Evaluation.Internal;

/// <summary>Computes a dataset's aggregate metrics, overall and per slice, from its completed cases.</summary>
internal static class MetricAggregator
{
    public static List<EvaluationMetricValue> Aggregate(EvaluationDatasetSpec spec, IReadOnlyList<EvaluationCaseResult> cases)
    {
        var metrics = new List<EvaluationMetricValue>();
        metrics.AddRange(Compute(spec, cases, slice: null));
        if (spec.Kind == EvaluationDatasetKind.Pii)
        {
            foreach (string type in PiiTypes(cases))
            {
                DetectionCounts counts = PiiCounts(cases, type);
                metrics.Add(new(("precision"), type, counts.Precision));
                metrics.Add(new("recall", type, counts.Recall));
                metrics.Add(new("f2", type, counts.F2));
            }
        }
        else
        {
            foreach (string slice in cases.Select(c => c.Slice).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                metrics.AddRange(Compute(spec, [.. cases.Where(c => c.Slice == slice)], slice));
            }
        }

        return metrics;
    }

    /// <summary>The value of <paramref name="metric"/> for one case (for every-case gates), or NaN when the case has none.</summary>
    public static double CaseValue(EvaluationDatasetSpec spec, EvaluationCaseResult c, string metric, string? slice)
    {
        if (metric.StartsWith("latency.", StringComparison.Ordinal))
        {
            return c.Values.GetValueOrDefault("latencyMs", double.NaN);
        }

        if (metric.StartsWith("tokens.", StringComparison.Ordinal))
        {
            return c.Values.GetValueOrDefault("tokens", double.NaN);
        }

        if (spec.Kind == EvaluationDatasetKind.Pii && slice is not null)
        {
            DetectionCounts k = PiiCounts([c], slice);
            return metric switch { "precision" => k.Precision, "recall" => k.Recall, _ => k.F2 };
        }

        return c.Values.GetValueOrDefault(metric, double.NaN);
    }

    public static bool InSlice(EvaluationDatasetSpec spec, EvaluationCaseResult c, string? slice) =>
        slice is null || spec.Kind == EvaluationDatasetKind.Pii || string.Equals(c.Slice, slice, StringComparison.Ordinal);

    private static IEnumerable<EvaluationMetricValue> Compute(EvaluationDatasetSpec spec, IReadOnlyList<EvaluationCaseResult> cases, string? slice)
    {
        switch (spec.Kind)
        {
            case EvaluationDatasetKind.Pii:
                DetectionCounts typed = PiiTypes(cases).Aggregate(default(DetectionCounts), (sum, t) => sum + PiiCounts(cases, t));
                var any = new DetectionCounts((long)Sum(cases, "any.tp"), (long)Sum(cases, "any.fp"), (long)Sum(cases, "any.fn"));
                yield return new("precision", slice, typed.Precision);
                yield return new("recall", slice, typed.Recall);
                yield return new("f2", slice, typed.F2);
                yield return new("anyType.precision", slice, any.Precision);
                yield return new("anyType.recall", slice, any.Recall);
                yield return new("anyType.f2", slice, any.F2);
                break;
            case EvaluationDatasetKind.Retrieval:
                yield return new("ndcg@10", slice, Mean(cases, "ndcg@10"));
                yield return new(MetricCatalog.RecallName(spec), slice, Mean(cases, MetricCatalog.RecallName(spec)));
                yield return new("mrr@10", slice, Mean(cases, "mrr@10"));
                break;
            case EvaluationDatasetKind.GroundedQa:
                yield return new("answerRate", slice, Ratio(Sum(cases, "answered"), Sum(cases, "answerable")));
                yield return new("refusalRate", slice, Ratio(Sum(cases, "refusedUnanswerable"), Sum(cases, "unanswerable")));
                yield return new("citationPrecision", slice, Ratio(Sum(cases, "goldCitations"), Sum(cases, "citations")));
                yield return new("keyFactRecall", slice, Ratio(Sum(cases, "factsFound"), Sum(cases, "facts")));
                yield return new("unsupportedClaimRate", slice, Ratio(Sum(cases, "unsupported"), Sum(cases, "answers")));
                break;
            case EvaluationDatasetKind.StructuredOutput:
                yield return new("validRate", slice, Ratio(Sum(cases, "valid"), Sum(cases, "cases")));
                yield return new("reaskRate", slice, Ratio(Sum(cases, "reasked"), Sum(cases, "cases")));
                yield return new("invalidJsonRate", slice, Ratio(Sum(cases, "invalidJson"), Sum(cases, "cases")));
                break;
            case EvaluationDatasetKind.Injection:
                var detections = new DetectionCounts((long)Sum(cases, "tp"), (long)Sum(cases, "fp"), (long)Sum(cases, "fn"));
                yield return new("precision", slice, detections.Precision);
                yield return new("recall", slice, detections.Recall);
                yield return new("f1", slice, detections.F1);
                yield return new("overDefenseAccuracy", slice, Ratio(Sum(cases, "tn"), Sum(cases, "tn") + Sum(cases, "fp")));
                yield return new("flaggedRate", slice, Ratio(Sum(cases, "tp") + Sum(cases, "fp"), cases.Count(c => c.Error is null)));
                break;
        }

        double[] latency = [.. cases.Where(c => c.Error is null).Select(c => c.Values.GetValueOrDefault("latencyMs", double.NaN))];
        double[] tokens = [.. cases.Select(c => c.Values.GetValueOrDefault("tokens", double.NaN))];
        foreach (int p in (int[])[50, 95, 99])
        {
            yield return new("latency.p" + p, slice, Percentiles.NearestRank(latency, p));
        }

        foreach (int p in (int[])[50, 95, 99])
        {
            yield return new("tokens.p" + p, slice, Percentiles.NearestRank(tokens, p));
        }
    }

    private static IEnumerable<string> PiiTypes(IEnumerable<EvaluationCaseResult> cases) =>
        cases.SelectMany(c => c.Counts.Keys).Where(k => k.StartsWith("tp:", StringComparison.Ordinal) || k.StartsWith("fp:", StringComparison.Ordinal) || k.StartsWith("fn:", StringComparison.Ordinal))
            .Select(k => k[3..]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    private static DetectionCounts PiiCounts(IEnumerable<EvaluationCaseResult> cases, string type) =>
        new((long)Sum(cases, "tp:" + type), (long)Sum(cases, "fp:" + type), (long)Sum(cases, "fn:" + type));

    private static double Sum(IEnumerable<EvaluationCaseResult> cases, string key) => cases.Sum(c => c.Counts.GetValueOrDefault(key));

    private static double Mean(IEnumerable<EvaluationCaseResult> cases, string key)
    {
        double[] values = [.. cases.Select(c => c.Values.GetValueOrDefault(key, double.NaN)).Where(v => !double.IsNaN(v))];
        return values.Length == 0 ? double.NaN : values.Average();
    }

    private static double Ratio(double numerator, double denominator) => denominator == 0 ? double.NaN : numerator / denominator;
}
