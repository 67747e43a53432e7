using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Compliant.AI.Cli.Evaluation;

/// <summary>
/// <c>compliant eval SUITE --compare NAME=A,B</c>: the same suite through the same pipeline, once with version A and once
/// with version B of one prompt template, every other setting unchanged. Each run pins its version as the active one
/// with no canary, so every case sees the same text; B is gated against A's report as its baseline.
/// </summary>
internal sealed class PromptComparison
{
    private PromptComparison(string template, string baseline, string candidate)
    {
        Template = template;
        Baseline = baseline;
        Candidate = candidate;
    }

    public string Template { get; }

    public string Baseline { get; }

    public string Candidate { get; }

    /// <summary>Parses <c>NAME=A,B</c> and checks that the configuration defines both versions of that template.</summary>
    /// <exception cref="EvaluationSuiteException">The value is malformed or names a template or version the configuration does not define.</exception>
    public static PromptComparison Parse(string value, IConfiguration configuration)
    {
        string[] parts = value.Split('=', 2, StringSplitOptions.TrimEntries);
        string[] versions = parts.Length == 2 ? parts[1].Split(',', StringSplitOptions.TrimEntries) : [];
        if (parts.Length != 2 || parts[0].Length == 0 || versions.Length != 2 || versions.Any(v => v.Length == 0 || v.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || v is "." or ".."))
        {
            throw new EvaluationSuiteException("--compare expects NAME=A,B: a prompt template name and two of its versions (e.g. --compare system=v1,v2)");
        }

        if (string.Equals(versions[0], versions[1], StringComparison.Ordinal))
        {
            throw new EvaluationSuiteException("--compare needs two different versions");
        }

        IConfigurationSection template = configuration.GetSection($"{PromptVersionsOptions.SectionName}:Templates:{parts[0]}");
        if (!template.Exists())
        {
            throw new EvaluationSuiteException($"--compare: the configuration defines no prompt template '{parts[0]}' under {PromptVersionsOptions.SectionName}:Templates");
        }

        foreach (string version in versions)
        {
            if (!template.GetSection("Versions").GetSection(version).Exists())
            {
                throw new EvaluationSuiteException($"--compare: prompt template '{parts[0]}' has no version '{version}'");
            }
        }

        return new PromptComparison(parts[0], versions[0], versions[1]);
    }

    /// <summary>The configuration with <paramref name="version"/> pinned as the template's only served version.</summary>
    public IConfiguration Configure(IConfiguration configuration, string version)
    {
        string prefix = $"{PromptVersionsOptions.SectionName}:Templates:{Template}:";
        return new ConfigurationBuilder()
            .AddConfiguration(configuration)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [prefix + nameof(PromptTemplateOptions.Active)] = version,
                [prefix + nameof(PromptTemplateOptions.Candidate)] = string.Empty,
                [prefix + nameof(PromptTemplateOptions.CanaryPercent)] = "0",
            })
            .Build();
    }

    /// <summary>Prints every metric of both runs and their difference, and writes <c>compare.json</c>.</summary>
    public async Task WriteAsync(EvaluationReport before, EvaluationReport after, DirectoryInfo output, TextWriter error)
    {
        var rows = new List<(string Dataset, string Metric, string? Slice, double? A, double? B)>();
        foreach (EvaluationDatasetResult dataset in after.Datasets)
        {
            EvaluationDatasetResult? earlier = before.Datasets.FirstOrDefault(d => d.Name == dataset.Name);
            foreach (EvaluationMetricValue metric in dataset.Metrics)
            {
                double? a = earlier?.Metrics.FirstOrDefault(m => m.Name == metric.Name && m.Slice == metric.Slice)?.Value;
                rows.Add((dataset.Name, metric.Name, metric.Slice, a, metric.Value));
            }
        }

        await error.WriteLineAsync($"prompt '{Template}': {Baseline} -> {Candidate}").ConfigureAwait(false);
        await error.WriteLineAsync(string.Format(CultureInfo.InvariantCulture, "{0,-16} {1,-32} {2,10} {3,10} {4,10}", "dataset", "metric", Baseline, Candidate, "delta")).ConfigureAwait(false);
        foreach ((string dataset, string metric, string? slice, double? a, double? b) in rows)
        {
            string name = slice is null ? metric : metric + "[" + slice + "]";
            await error.WriteLineAsync(string.Format(CultureInfo.InvariantCulture, "{0,-16} {1,-32} {2,10} {3,10} {4,10}", dataset, name, Format(a), Format(b), a is { } x && b is { } y && double.IsFinite(x) && double.IsFinite(y) ? (y - x).ToString("+0.0000;-0.0000;0", CultureInfo.InvariantCulture) : "-")).ConfigureAwait(false);
        }

        output.Create();
        using FileStream file = File.Create(Path.Combine(output.FullName, "compare.json"));
        using var json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("template", Template);
        json.WriteString("baseline", Baseline);
        json.WriteString("candidate", Candidate);
        json.WriteBoolean("baselinePassed", before.Passed);
        json.WriteBoolean("candidatePassed", after.Passed);
        json.WriteStartArray("metrics");
        foreach ((string dataset, string metric, string? slice, double? a, double? b) in rows)
        {
            json.WriteStartObject();
            json.WriteString("dataset", dataset);
            json.WriteString("metric", metric);
            if (slice is not null)
            {
                json.WriteString("slice", slice);
            }

            WriteNumber(json, "baselineValue", a);
            WriteNumber(json, "candidateValue", b);
            WriteNumber(json, "delta", a is { } x && b is { } y && double.IsFinite(x) && double.IsFinite(y) ? y - x : null);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string Format(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "-";

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
