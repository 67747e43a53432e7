namespace Compliant.AI.Evaluation.Tests.Suites;

public sealed class EvaluationSuiteTests : IDisposable
{
    private readonly SuiteFixture _fx = new();

    public void Dispose() => _fx.Dispose();

    [Fact]
    public void Load_YamlSuite_ReadsAsTheSameSuiteInJson()
    {
        EvaluationSuite json = Load("suite.json", """
            {
              "name": "gates",
              "baselineTolerance": 0.05,
              "datasets": [
                { "name": "phi", "kind": "pii", "path": "phi.jsonl", "optional": true,
                  "labels": { "NAME": "PERSON", "AGE": "IGNORE" },
                  "thresholds": [ { "metric": "recall", "min": 0.9 }, { "metric": "f2", "slice": "PERSON", "min": 0.8, "rule": "everyCase" } ] },
                { "name": "scifact", "kind": "retrieval", "path": "beir", "recallK": 100, "maxCases": 25,
                  "thresholds": [ { "metric": "latency.p95", "max": 500 } ] }
              ]
            }
            """);
        EvaluationSuite yaml = Load("suite.yaml", """
            # The same suite in YAML.
            name: gates
            baselineTolerance: 0.05
            datasets:
              - name: phi
                kind: pii
                path: phi.jsonl
                optional: true
                labels: { NAME: PERSON, AGE: IGNORE }
                thresholds:
                  - { metric: recall, min: 0.9 }
                  - metric: f2
                    slice: PERSON
                    min: .8
                    rule: everyCase
              - name: scifact
                kind: retrieval
                path: beir
                recallK: 100
                maxCases: 25
                thresholds: [ { metric: latency.p95, max: 5e2 } ]
            """);

        Assert.Equal(Describe(json), Describe(yaml));
        Assert.Equal(0.05, yaml.BaselineTolerance);
        Assert.True(yaml.Datasets[0].Optional);
        Assert.Equal(EvaluationThresholdRule.EveryCase, yaml.Datasets[0].Thresholds[1].Rule);
        Assert.Equal(25, yaml.Datasets[1].MaxCases);
        Assert.Equal(500, yaml.Datasets[1].Thresholds[0].Max);
        Assert.Equal(Path.Combine(_fx.Root, "beir"), yaml.Datasets[1].Path);
    }

    [Fact]
    public void Load_YmlQuotedScalar_StaysAString()
    {
        EvaluationSuite yaml = Load("suite.yml", """
            name: "2026"
            datasets:
              - { name: 'true', kind: pii, path: a.jsonl }
            """);

        Assert.Equal("2026", yaml.Name);
        Assert.Equal("true", yaml.Datasets[0].Name);
    }

    [Fact]
    public void Load_UnquotedNumberWhereTextBelongs_IsBadSuite()
    {
        // Unquoted, 2026 is a number (YAML 1.2 core schema), as in JSON: the suite's name must be text.
        Assert.Throws<EvaluationSuiteException>(() => Load("suite.yaml", """
            name: 2026
            datasets:
              - { name: x, kind: pii, path: a.jsonl }
            """));
    }

    [Theory]
    [InlineData("name: gates\ndatasets:\n  - { name: x, kind: pii, path: \"secret-Zebulon.jsonl\n", "line")]
    [InlineData("name: gates\nname: again\ndatasets:\n  - { name: x, kind: pii, path: a.jsonl }\n", "line 2")]
    [InlineData("name: gates\n---\nname: other\n", "one YAML document")]
    public void Load_MalformedYaml_BadSuiteNamingTheLineNotTheContent(string yaml, string expected)
    {
        EvaluationSuiteException ex = Assert.Throws<EvaluationSuiteException>(() => Load("suite.yaml", yaml));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Zebulon", ex.Message, StringComparison.Ordinal);
    }

    private EvaluationSuite Load(string name, string text) => EvaluationSuite.Load(_fx.Write(name, text));

    private static string Describe(EvaluationSuite suite) =>
        suite.Name + "|" + suite.BaselineTolerance + "|" + string.Join(";", suite.Datasets.Select(d =>
            $"{d.Name},{d.Kind},{d.Path},{d.Optional},{d.RecallK},{d.MaxCases},{string.Join("+", d.Labels.OrderBy(l => l.Key).Select(l => l.Key + "=" + l.Value))}," +
            string.Join("+", d.Thresholds.Select(t => $"{t.Metric}/{t.Slice}/{t.Min}/{t.Max}/{t.Rule}"))));
}
