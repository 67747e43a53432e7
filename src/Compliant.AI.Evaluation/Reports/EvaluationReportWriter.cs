using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using Compliant.AI.Evaluation.Internal;

namespace Compliant.AI;

/// <summary>Writes an <see cref="EvaluationReport"/> as JSON (machines, and the baseline of a later run), JUnit XML (CI systems) or a self-contained HTML page (people).</summary>
/// <remarks>Case text appears only as <see cref="EvaluationCaseResult.RedactedText"/>; nothing else from the cases is written.</remarks>
public static class EvaluationReportWriter
{
    /// <summary>Writes the report as JSON; a not-applicable value is <c>null</c>.</summary>
    /// <param name="report">The report.</param>
    /// <param name="output">Where to write (left open).</param>
    public static void WriteJson(EvaluationReport report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("suite", report.Suite);
        w.WriteString("startedAt", report.StartedAt);
        w.WriteNumber("durationSeconds", Math.Round(report.Duration.TotalSeconds, 3));
        w.WriteBoolean("passed", report.Passed);
        w.WriteBoolean("incomplete", report.Incomplete);
        w.WriteNumber("exitCode", report.ExitCode);
        if (report.Baseline is not null)
        {
            w.WriteString("baseline", report.Baseline);
        }

        w.WriteStartArray("datasets");
        foreach (EvaluationDatasetResult d in report.Datasets)
        {
            w.WriteStartObject();
            w.WriteString("name", d.Name);
            w.WriteString("kind", Camel(d.Kind.ToString()));
            w.WriteString("status", Camel(d.Status.ToString()));
            if (d.Message is not null)
            {
                w.WriteString("message", d.Message);
            }

            w.WriteNumber("totalCases", d.TotalCases);
            w.WriteNumber("completedCases", d.Cases.Count);
            w.WriteNumber("durationSeconds", Math.Round(d.Duration.TotalSeconds, 3));
            w.WriteNumber("setupSeconds", Math.Round(d.SetupDuration.TotalSeconds, 3));
            w.WriteStartArray("metrics");
            foreach (EvaluationMetricValue m in d.Metrics)
            {
                w.WriteStartObject();
                w.WriteString("name", m.Name);
                if (m.Slice is not null)
                {
                    w.WriteString("slice", m.Slice);
                }

                Number(w, "value", m.Value);
                if (m.Baseline is { } b)
                {
                    Number(w, "baseline", b);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("gates");
            foreach (EvaluationGateResult g in d.Gates)
            {
                w.WriteStartObject();
                w.WriteString("name", g.Name);
                w.WriteString("metric", g.Metric);
                if (g.Slice is not null)
                {
                    w.WriteString("slice", g.Slice);
                }

                w.WriteString("rule", g.IsBaseline ? "baseline" : g.Rule == EvaluationThresholdRule.Mean ? "mean" : "everyCase");
                if (g.Min is { } min)
                {
                    Number(w, "min", min);
                }

                if (g.Max is { } max)
                {
                    Number(w, "max", max);
                }

                Number(w, "actual", g.Actual);
                w.WriteBoolean("passed", g.Passed);
                if (g.Message is not null)
                {
                    w.WriteString("message", g.Message);
                }

                if (g.FailingCases.Count > 0)
                {
                    w.WriteStartArray("failingCases");
                    foreach (string id in g.FailingCases)
                    {
                        w.WriteStringValue(id);
                    }

                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("cases");
            foreach (EvaluationCaseResult c in d.Cases)
            {
                w.WriteStartObject();
                w.WriteString("id", c.Id);
                if (c.Slice is not null)
                {
                    w.WriteString("slice", c.Slice);
                }

                w.WriteString("verdict", c.Verdict);
                if (c.Error is not null)
                {
                    w.WriteString("error", c.Error);
                }

                w.WriteStartObject("values");
                foreach ((string name, double value) in c.Values.OrderBy(v => v.Key, StringComparer.Ordinal))
                {
                    Number(w, name, value);
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>
    /// Writes the report as JUnit XML: one <c>testsuite</c> per dataset, one <c>testcase</c> per gate (a failed gate is a
    /// <c>failure</c>, a dataset error an <c>error</c>, a skipped or cancelled dataset <c>skipped</c>).
    /// </summary>
    /// <param name="report">The report.</param>
    /// <param name="output">Where to write (left open).</param>
    public static void WriteJUnit(EvaluationReport report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        using var w = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), CloseOutput = false });
        var suites = report.Datasets.Select(d => (Dataset: d, Cases: JUnitCases(d).ToList())).ToList();
        w.WriteStartDocument();
        w.WriteStartElement("testsuites");
        w.WriteAttributeString("name", report.Suite);
        w.WriteAttributeString("tests", I(suites.Sum(s => s.Cases.Count)));
        w.WriteAttributeString("failures", I(suites.Sum(s => s.Cases.Count(c => c.Kind == "failure"))));
        w.WriteAttributeString("errors", I(suites.Sum(s => s.Cases.Count(c => c.Kind == "error"))));
        w.WriteAttributeString("skipped", I(suites.Sum(s => s.Cases.Count(c => c.Kind == "skipped"))));
        w.WriteAttributeString("time", Seconds(report.Duration));
        int id = 0;
        foreach ((EvaluationDatasetResult d, List<(string Name, string Kind, string? Message, string? Detail)> cases) in suites)
        {
            w.WriteStartElement("testsuite");
            w.WriteAttributeString("name", report.Suite + "." + d.Name);
            w.WriteAttributeString("tests", I(cases.Count));
            w.WriteAttributeString("failures", I(cases.Count(c => c.Kind == "failure")));
            w.WriteAttributeString("errors", I(cases.Count(c => c.Kind == "error")));
            w.WriteAttributeString("skipped", I(cases.Count(c => c.Kind == "skipped")));
            w.WriteAttributeString("time", Seconds(d.Duration));
            w.WriteAttributeString("timestamp", report.StartedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
            w.WriteAttributeString("hostname", "localhost");
            w.WriteAttributeString("id", I(id++));
            w.WriteAttributeString("package", report.Suite);
            w.WriteStartElement("properties");
            Property(w, "kind", Camel(d.Kind.ToString()));
            Property(w, "status", Camel(d.Status.ToString()));
            Property(w, "cases", I(d.Cases.Count) + "/" + I(d.TotalCases));
            w.WriteEndElement();
            foreach ((string name, string kind, string? message, string? detail) in cases)
            {
                w.WriteStartElement("testcase");
                w.WriteAttributeString("name", name);
                w.WriteAttributeString("classname", report.Suite + "." + d.Name);
                w.WriteAttributeString("time", "0");
                if (kind != "passed")
                {
                    w.WriteStartElement(kind);
                    w.WriteAttributeString("message", message ?? kind);
                    if (kind != "skipped")
                    {
                        w.WriteAttributeString("type", kind == "error" ? "EvaluatorError" : "GateFailed");
                        if (detail is not null)
                        {
                            w.WriteString(detail);
                        }
                    }

                    w.WriteEndElement();
                }

                w.WriteEndElement();
            }

            w.WriteElementString("system-out", string.Empty);
            w.WriteElementString("system-err", string.Empty);
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndDocument();
    }

    /// <summary>Writes the report as one self-contained HTML page: no scripts, no external resources; inline SVG bars against thresholds and baselines; per-slice tables; the failing cases with redacted text.</summary>
    /// <param name="report">The report.</param>
    /// <param name="output">Where to write.</param>
    public static void WriteHtml(EvaluationReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        EvaluationHtml.Write(report, output);
    }

    private static IEnumerable<(string Name, string Kind, string? Message, string? Detail)> JUnitCases(EvaluationDatasetResult d)
    {
        if (d.Status == EvaluationDatasetStatus.Skipped)
        {
            yield return ("dataset", "skipped", d.Message, null);
            yield break;
        }

        if (d.Status == EvaluationDatasetStatus.Incomplete)
        {
            yield return ("completeness", "failure", d.Message ?? "cancelled", null);
        }

        if (d.Status == EvaluationDatasetStatus.Error)
        {
            IEnumerable<string> errored = d.Cases.Where(c => c.Error is not null).Select(c => $"{c.Id}: {c.Error}");
            yield return ("pipeline", "error", d.Message, string.Join('\n', errored));
        }

        foreach (EvaluationGateResult g in d.Gates)
        {
            string? detail = null;
            if (!g.Passed && g.FailingCases.Count > 0)
            {
                var byId = d.Cases.ToDictionary(c => c.Id, StringComparer.Ordinal);
                detail = string.Join('\n', g.FailingCases.Take(50).Select(id => byId.TryGetValue(id, out EvaluationCaseResult? c) ? $"{id}: {c.Verdict}: {c.RedactedText}" : id));
            }

            yield return (g.Name, g.Passed ? "passed" : "failure", g.Message, detail);
        }

        if (d.Gates.Count == 0 && d.Status == EvaluationDatasetStatus.Passed)
        {
            yield return ("measured (no gates)", "passed", null, null);
        }
    }

    private static void Property(XmlWriter w, string name, string value)
    {
        w.WriteStartElement("property");
        w.WriteAttributeString("name", name);
        w.WriteAttributeString("value", value);
        w.WriteEndElement();
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, Math.Round(value, 6));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    internal static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
