using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Compliant.AI.Evaluation.Tests.Suites;

namespace Compliant.AI.Evaluation.Tests.Reports;

public sealed class EvaluationReportWriterTests
{
    private static EvaluationReport Sample() => new()
    {
        Suite = "s",
        StartedAt = new DateTimeOffset(2026, 12, 6, 1, 2, 3, TimeSpan.Zero),
        Duration = TimeSpan.FromSeconds(1.5),
        Datasets =
        [
            new EvaluationDatasetResult
            {
                Name = "pii", Kind = EvaluationDatasetKind.Pii, Status = EvaluationDatasetStatus.Failed, TotalCases = 2,
                Metrics = [new("recall", null, 0.5, 0.75), new("recall", "PERSON", double.NaN), new("latency.p95", null, 12)],
                Gates =
                [
                    new EvaluationGateResult { Name = "recall >= 0.9 (mean)", Metric = "recall", Min = 0.9, Actual = 0.5, Passed = false, Message = "0.5 is below the minimum 0.9" },
                    new EvaluationGateResult { Name = "recall >= 0.1 (every case)", Metric = "recall", Min = 0.1, Rule = EvaluationThresholdRule.EveryCase, Actual = 0, Passed = false, FailingCases = ["c1"] },
                    new EvaluationGateResult { Name = "latency.p95 <= 100 (mean)", Metric = "latency.p95", Max = 100, Actual = 12, Passed = true },
                ],
                Cases = [new EvaluationCaseResult { Id = "c1", Verdict = "missed PERSON", RedactedText = "Call <PERSON> <today> & \"x\"" }],
            },
            new EvaluationDatasetResult { Name = "gone", Kind = EvaluationDatasetKind.Retrieval, Status = EvaluationDatasetStatus.Skipped, Message = "optional dataset not found" },
            new EvaluationDatasetResult
            {
                Name = "qa", Kind = EvaluationDatasetKind.GroundedQa, Status = EvaluationDatasetStatus.Error, Message = "1 case(s) threw", TotalCases = 1,
                Cases = [new EvaluationCaseResult { Id = "q1", Verdict = "ERROR", Error = "System.InvalidOperationException" }],
            },
        ],
    };

    [Fact]
    public void WriteJUnit_Report_ValidAgainstJUnitSchemaWithCounts()
    {
        string xml = EvaluationRunnerTests.JUnit(Sample());

        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(AppContext.BaseDirectory, "Reports", "junit.xsd"));
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationEventHandler += (_, e) => errors.Add(e.Message);
        using (var reader = XmlReader.Create(new StringReader(xml), settings))
        {
            while (reader.Read())
            {
            }
        }

        Assert.Empty(errors);
        XElement root = XDocument.Parse(xml).Root!;
        Assert.Equal("5", root.Attribute("tests")!.Value);
        Assert.Equal("2", root.Attribute("failures")!.Value);
        Assert.Equal("1", root.Attribute("errors")!.Value);
        Assert.Equal("1", root.Attribute("skipped")!.Value);
        Assert.Contains("c1: missed PERSON: Call <PERSON>", xml.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void WriteJson_NotApplicable_IsNullAndBaselineKept()
    {
        using JsonDocument doc = JsonDocument.Parse(EvaluationRunnerTests.Json(Sample()));
        JsonElement metrics = doc.RootElement.GetProperty("datasets")[0].GetProperty("metrics");
        Assert.Equal(0.75, metrics[0].GetProperty("baseline").GetDouble());
        Assert.Equal(JsonValueKind.Null, metrics[1].GetProperty("value").ValueKind);
        Assert.Equal(1, doc.RootElement.GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public void WriteHtml_Report_SelfContainedWithChartsAndEscapedText()
    {
        string html = EvaluationRunnerTests.Html(Sample());

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Contains("id=\"chart-pii-quality\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"threshold\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"baseline\"", html, StringComparison.Ordinal);
        Assert.Contains("Call &lt;PERSON&gt; &lt;today&gt; &amp; &quot;x&quot;", html, StringComparison.Ordinal);
        Assert.Contains("FAILED", html, StringComparison.Ordinal);
        Assert.Contains("System.InvalidOperationException", html, StringComparison.Ordinal);
    }
}
