using System.Globalization;

namespace Compliant.AI.Evaluation.Internal;

/// <summary>Applies a dataset's thresholds and the baseline comparison.</summary>
internal static class GateEvaluator
{
    public static List<EvaluationGateResult> Evaluate(
        EvaluationDatasetSpec spec,
        IReadOnlyList<EvaluationCaseResult> cases,
        IReadOnlyList<EvaluationMetricValue> metrics,
        double tolerance)
    {
        var gates = new List<EvaluationGateResult>();
        foreach (EvaluationThreshold t in spec.Thresholds)
        {
            gates.Add(t.Rule == EvaluationThresholdRule.Mean ? Mean(t, metrics) : EveryCase(spec, t, cases));
        }

        foreach (EvaluationMetricValue m in metrics.Where(m => m.Baseline is { } b && double.IsFinite(b) && MetricCatalog.ComparedToBaseline(m.Name)))
        {
            double baseline = m.Baseline!.Value;
            bool higher = MetricCatalog.HigherIsBetter(m.Name);
            double? min = higher ? baseline - tolerance : null;
            double? max = higher ? null : baseline + tolerance;
            bool passed = !double.IsNaN(m.Value) && (higher ? m.Value >= min : m.Value <= max);
            gates.Add(new EvaluationGateResult
            {
                Name = $"{Label(m.Name, m.Slice)} vs baseline {F(baseline)} (tolerance {F(tolerance)})",
                Metric = m.Name,
                Slice = m.Slice,
                IsBaseline = true,
                Min = min,
                Max = max,
                Actual = m.Value,
                Passed = passed,
                Message = passed ? null : double.IsNaN(m.Value)
                    ? "not applicable in this run (no cases to measure) but measured in the baseline"
                    : $"{F(m.Value)} is {(higher ? "below" : "above")} the baseline {F(baseline)} beyond the tolerance {F(tolerance)}",
            });
        }

        return gates;
    }

    private static EvaluationGateResult Mean(EvaluationThreshold t, IReadOnlyList<EvaluationMetricValue> metrics)
    {
        double actual = metrics.FirstOrDefault(m => m.Name == t.Metric && m.Slice == t.Slice)?.Value ?? double.NaN;
        string? message = double.IsNaN(actual)
            ? (t.Slice is null ? "not applicable: no cases to measure" : $"not applicable: slice '{t.Slice}' has no cases to measure")
            : Outside(actual, t);
        return Gate(t, actual, message, []);
    }

    private static EvaluationGateResult EveryCase(EvaluationDatasetSpec spec, EvaluationThreshold t, IReadOnlyList<EvaluationCaseResult> cases)
    {
        var failing = new List<string>();
        double worst = double.NaN;
        bool higher = t.Min is not null;
        int measured = 0;
        foreach (EvaluationCaseResult c in cases.Where(c => MetricAggregator.InSlice(spec, c, t.Slice)))
        {
            double v = MetricAggregator.CaseValue(spec, c, t.Metric, t.Slice);
            if (double.IsNaN(v))
            {
                continue;
            }

            measured++;
            worst = double.IsNaN(worst) ? v : higher ? Math.Min(worst, v) : Math.Max(worst, v);
            if (Outside(v, t) is not null)
            {
                failing.Add(c.Id);
            }
        }

        string? message = measured == 0
            ? "not applicable: no case has this metric"
            : failing.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $"{failing.Count} of {measured} cases are outside the bound (worst {F(worst)})") : null;
        return Gate(t, worst, message, failing);
    }

    private static EvaluationGateResult Gate(EvaluationThreshold t, double actual, string? message, IReadOnlyList<string> failing) => new()
    {
        Name = Name(t),
        Metric = t.Metric,
        Slice = t.Slice,
        Rule = t.Rule,
        Min = t.Min,
        Max = t.Max,
        Actual = actual,
        Passed = message is null,
        Message = message,
        FailingCases = failing,
    };

    private static string? Outside(double v, EvaluationThreshold t) =>
        t.Min is { } min && v < min ? $"{F(v)} is below the minimum {F(min)}"
        : t.Max is { } max && v > max ? $"{F(v)} is above the maximum {F(max)}"
        : null;

    private static string Name(EvaluationThreshold t)
    {
        string bounds = string.Join(" and ", new[] { t.Min is { } min ? ">= " + F(min) : null, t.Max is { } max ? "<= " + F(max) : null }.OfType<string>());
        return $"{Label(t.Metric, t.Slice)} {bounds} ({(t.Rule == EvaluationThresholdRule.Mean ? "mean" : "every case")})";
    }

    internal static string Label(string metric, string? slice) => slice is null ? metric : $"{metric}[{slice}]";

    internal static string F(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.####", CultureInfo.InvariantCulture);
}
