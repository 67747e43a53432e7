using System.Globalization;
using static Compliant.AI.Evaluation.Internal.HtmlKit;

namespace Compliant.AI.Evaluation.Internal;

/// <summary>The HTML page of an evaluation report.</summary>
internal static class EvaluationHtml
{
    public static void Write(EvaluationReport report, TextWriter o)
    {
        string verdict = report.Incomplete ? "INCOMPLETE (cancelled): figures cover the completed cases only" : report.Passed ? "PASSED" : "FAILED";
        string cls = report.Passed ? "pass" : report.Incomplete ? "skip" : "fail";
        o.Write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
        o.Write($"<title>compliant eval: {E(report.Suite)}</title><style>{Style}</style></head><body>");
        o.Write($"<h1>compliant eval: {E(report.Suite)}</h1>");
        o.Write($"<div class=\"banner {cls}\" id=\"verdict\">{E(verdict)} (exit code {report.ExitCode})</div>");
        o.Write(string.Create(CultureInfo.InvariantCulture, $"<p class=\"muted\">Started {E(report.StartedAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture))}, took {report.Duration.TotalSeconds:0.0} s"));
        o.Write(report.Baseline is null ? ". No baseline.</p>" : $". Baseline: <code>{E(Path.GetFileName(report.Baseline))}</code>.</p>");
        o.Write("<p class=\"legend muted\"><span>bar: measured (green passes, red fails, grey has no gate)</span><span style=\"color:#cf222e\">| red tick: threshold</span><span>¦ dashed tick: baseline</span></p>");
        o.Write("<table><tr><th>dataset</th><th>kind</th><th>status</th><th>cases</th><th>gates failed</th></tr>");
        foreach (EvaluationDatasetResult d in report.Datasets)
        {
            o.Write($"<tr><td><a href=\"#ds-{E(d.Name)}\">{E(d.Name)}</a></td><td>{E(EvaluationReportWriter.Camel(d.Kind.ToString()))}</td><td class=\"{StatusClass(d.Status)}\">{E(d.Status.ToString())}</td>");
            o.Write(string.Create(CultureInfo.InvariantCulture, $"<td class=\"n\">{d.Cases.Count}/{d.TotalCases}</td><td class=\"n\">{d.Gates.Count(g => !g.Passed)}</td></tr>"));
        }

        o.Write("</table>");
        foreach (EvaluationDatasetResult d in report.Datasets)
        {
            WriteDataset(d, o);
        }

        o.Write("</body></html>\n");
    }

    private static void WriteDataset(EvaluationDatasetResult d, TextWriter o)
    {
        o.Write($"<section id=\"ds-{E(d.Name)}\"><h2>{E(d.Name)} <span class=\"{StatusClass(d.Status)}\">{E(d.Status.ToString())}</span></h2>");
        if (d.Message is not null)
        {
            o.Write($"<p>{E(d.Message)}</p>");
        }

        if (d.Status == EvaluationDatasetStatus.Skipped)
        {
            o.Write("</section>");
            return;
        }

        List<EvaluationMetricValue> overall = [.. d.Metrics.Where(m => m.Slice is null)];
        List<BarRow> Rows(Func<EvaluationMetricValue, bool> which) => [.. overall.Where(which).Select(m =>
        {
            EvaluationGateResult? gate = d.Gates.FirstOrDefault(g => !g.IsBaseline && g.Rule == EvaluationThresholdRule.Mean && g.Metric == m.Name && g.Slice is null);
            bool? passed = d.Gates.Any(g => g.Metric == m.Name && g.Slice is null) ? d.Gates.Where(g => g.Metric == m.Name && g.Slice is null).All(g => g.Passed) : null;
            return new BarRow(m.Name, m.Value, gate?.Min ?? gate?.Max, m.Baseline, passed);
        })];
        o.Write("<h3>Quality</h3>");
        o.Write(Bars("chart-" + d.Name + "-quality", d.Name + ": quality metrics against thresholds and baseline", Rows(m => MetricCatalog.IsRatio(m.Name)), 1));
        List<BarRow> latency = Rows(m => m.Name.StartsWith("latency.", StringComparison.Ordinal) && !double.IsNaN(m.Value));
        if (latency.Count > 0)
        {
            o.Write("<h3>Latency per case</h3>");
            o.Write(Bars("chart-" + d.Name + "-latency", d.Name + ": latency percentiles (ms)", latency, unit: " ms"));
        }

        List<BarRow> tokens = Rows(m => m.Name.StartsWith("tokens.", StringComparison.Ordinal) && !double.IsNaN(m.Value));
        if (tokens.Count > 0)
        {
            o.Write("<h3>Tokens per case</h3>");
            o.Write(Bars("chart-" + d.Name + "-tokens", d.Name + ": tokens per case", tokens));
        }

        o.Write("<h3>Gates</h3><table><tr><th>gate</th><th>measured</th><th>verdict</th><th>why</th></tr>");
        foreach (EvaluationGateResult g in d.Gates)
        {
            o.Write($"<tr><td>{E(g.Name)}</td><td class=\"n\">{F(g.Actual, "0.####")}</td><td class=\"{(g.Passed ? "pass" : "fail")}\">{(g.Passed ? "pass" : "FAIL")}</td><td>{E(g.Message)}</td></tr>");
        }

        if (d.Gates.Count == 0)
        {
            o.Write("<tr><td colspan=\"4\" class=\"muted\">no gates: measured only</td></tr>");
        }

        o.Write("</table>");
        var slices = d.Metrics.Where(m => m.Slice is not null && MetricCatalog.IsRatio(m.Name)).GroupBy(m => m.Slice!).ToList();
        if (slices.Count > 0)
        {
            string[] names = [.. slices.SelectMany(s => s.Select(m => m.Name)).Distinct(StringComparer.Ordinal)];
            o.Write($"<h3>Per slice</h3><table class=\"slices\"><tr><th>slice</th>{string.Concat(names.Select(n => $"<th>{E(n)}</th>"))}</tr>");
            foreach (IGrouping<string, EvaluationMetricValue> s in slices)
            {
                o.Write($"<tr><td>{E(s.Key)}</td>");
                foreach (string n in names)
                {
                    double v = s.FirstOrDefault(m => m.Name == n)?.Value ?? double.NaN;
                    bool failed = d.Gates.Any(g => !g.Passed && g.Slice == s.Key && g.Metric == n);
                    o.Write($"<td class=\"n{(failed ? " fail" : string.Empty)}\">{F(v)}</td>");
                }

                o.Write("</tr>");
            }

            o.Write("</table>");
        }

        var failingIds = new HashSet<string>(d.Gates.SelectMany(g => g.FailingCases), StringComparer.Ordinal);
        List<EvaluationCaseResult> failing = [.. d.Cases.Where(c => c.Error is not null || failingIds.Contains(c.Id) || (c.Verdict != "ok" && c.Verdict != "valid after 1 attempt(s)")).Take(100)];
        o.Write(string.Create(CultureInfo.InvariantCulture, $"<h3>Failing and flagged cases ({failing.Count}{(failing.Count == 100 ? "+" : string.Empty)})</h3>"));
        if (failing.Count > 0)
        {
            o.Write("<p class=\"muted\">Personal data in case text is replaced by its entity type.</p><table class=\"cases\"><tr><th>case</th><th>slice</th><th>verdict</th><th>text (redacted)</th></tr>");
            foreach (EvaluationCaseResult c in failing)
            {
                o.Write($"<tr><td>{E(c.Id)}</td><td>{E(c.Slice)}</td><td>{E(c.Error ?? c.Verdict)}</td><td>{E(c.RedactedText)}</td></tr>");
            }

            o.Write("</table>");
        }

        o.Write("</section>");
    }

    private static string StatusClass(EvaluationDatasetStatus status) => status switch
    {
        EvaluationDatasetStatus.Passed => "pass",
        EvaluationDatasetStatus.Skipped or EvaluationDatasetStatus.Incomplete => "skip",
        _ => "fail",
    };
}
