using System.Globalization;
using System.Text.Json;
using Compliant.AI.Evaluation.Internal;

namespace Compliant.AI;

/// <summary>
/// An evaluation suite: datasets, what each measures, the gates (thresholds) and an optional baseline from an earlier
/// run. Read from JSON or YAML with <see cref="Load(string)"/>; the format is in docs/evaluation.md.
/// </summary>
public sealed class EvaluationSuite
{
    /// <summary>The environment variable that overrides the suite's <c>dataRoot</c> (the folder <c>{data}</c> in dataset paths stands for).</summary>
    public const string DataDirectoryVariable = "COMPLIANT_DATA_DIR";

    private const string DataPlaceholder = "{data}";

    /// <summary>Gets the suite's name (the JUnit test-suite name).</summary>
    public required string Name { get; init; }

    /// <summary>Gets the datasets, in order.</summary>
    public required IReadOnlyList<EvaluationDatasetSpec> Datasets { get; init; }

    /// <summary>Gets the full path of a JSON report of an earlier run to compare with, or <see langword="null"/> for none.</summary>
    public string? BaselinePath { get; init; }

    /// <summary>Gets how far a quality metric may fall below its baseline value before the gate fails. The default is 0.02 (two points).</summary>
    public double BaselineTolerance { get; init; } = 0.02;

    /// <summary>Reads a suite file, JSON or (named <c>*.yaml</c> or <c>*.yml</c>) YAML; relative paths in it are resolved against the file's folder.</summary>
    /// <param name="path">The suite file.</param>
    /// <returns>The suite.</returns>
    /// <exception cref="EvaluationSuiteException">The file is missing or malformed.</exception>
    public static EvaluationSuite Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new EvaluationSuiteException($"cannot read the suite file '{path}': {ex.GetType().Name}", ex);
        }

        if (YamlSuiteReader.IsYaml(path))
        {
            json = YamlSuiteReader.ToJson(json);
        }

        return Parse(json, System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
    }

    /// <summary>Parses a suite from JSON.</summary>
    /// <param name="json">The suite document.</param>
    /// <param name="baseDirectory">The folder relative paths are resolved against.</param>
    /// <returns>The suite.</returns>
    /// <exception cref="EvaluationSuiteException">The document is malformed.</exception>
    public static EvaluationSuite Parse(string json, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        try
        {
            using JsonDocument doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new EvaluationSuiteException("the suite must be a JSON object");
            }

            if (!root.TryGetProperty("datasets", out JsonElement datasets) || datasets.ValueKind != JsonValueKind.Array || datasets.GetArrayLength() == 0)
            {
                throw new EvaluationSuiteException("the suite needs a non-empty 'datasets' array");
            }

            // "{data}" in a path stands for the data root: COMPLIANT_DATA_DIR when set, else the suite's "dataRoot".
            string? dataRoot = Environment.GetEnvironmentVariable(DataDirectoryVariable) is { Length: > 0 } fromEnvironment
                ? fromEnvironment
                : OptionalString(root, "dataRoot", "suite") is { } configured ? System.IO.Path.GetFullPath(configured, baseDirectory) : null;
            var specs = new List<EvaluationDatasetSpec>();
            int index = 0;
            foreach (JsonElement d in datasets.EnumerateArray())
            {
                specs.Add(ParseDataset(d, index++, baseDirectory, dataRoot));
            }

            string? duplicate = specs.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
            if (duplicate is not null)
            {
                throw new EvaluationSuiteException($"two datasets are named '{duplicate}'");
            }

            double tolerance = OptionalDouble(root, "baselineTolerance", "suite") ?? 0.02;
            if (tolerance < 0)
            {
                throw new EvaluationSuiteException("'baselineTolerance' must not be negative");
            }

            string? baseline = OptionalString(root, "baseline", "suite");
            return new EvaluationSuite
            {
                Name = OptionalString(root, "name", "suite") ?? "compliant-eval",
                Datasets = specs,
                BaselinePath = baseline is null ? null : System.IO.Path.GetFullPath(baseline, baseDirectory),
                BaselineTolerance = tolerance,
            };
        }
        catch (JsonException ex)
        {
            throw new EvaluationSuiteException(string.Create(CultureInfo.InvariantCulture, $"the suite is not valid JSON (line {ex.LineNumber + 1})"), ex);
        }
    }

    private static string Resolve(string path, string baseDirectory, string? dataRoot, string where)
    {
        if (path.StartsWith(DataPlaceholder, StringComparison.Ordinal))
        {
            if (dataRoot is null)
            {
                throw new EvaluationSuiteException($"{where}: the path uses {DataPlaceholder} but neither {DataDirectoryVariable} nor the suite's 'dataRoot' is set");
            }

            return System.IO.Path.GetFullPath(System.IO.Path.Join(dataRoot, path[DataPlaceholder.Length..].TrimStart('/', '\\')));
        }

        return System.IO.Path.GetFullPath(path, baseDirectory);
    }

    private static EvaluationDatasetSpec ParseDataset(JsonElement d, int index, string baseDirectory, string? dataRoot)
    {
        string where = string.Create(CultureInfo.InvariantCulture, $"datasets[{index}]");
        if (d.ValueKind != JsonValueKind.Object)
        {
            throw new EvaluationSuiteException($"{where} must be an object");
        }

        string name = OptionalString(d, "name", where) ?? throw new EvaluationSuiteException($"{where} needs a 'name'");
        where = $"dataset '{name}'";
        string kindText = OptionalString(d, "kind", where) ?? throw new EvaluationSuiteException($"{where} needs a 'kind' (pii, retrieval, groundedQa, structuredOutput, injection)");
        if (!Enum.TryParse(kindText, ignoreCase: true, out EvaluationDatasetKind kind) || !Enum.IsDefined(kind) || int.TryParse(kindText, out _))
        {
            throw new EvaluationSuiteException($"{where}: unknown kind '{kindText}' (pii, retrieval, groundedQa, structuredOutput, injection)");
        }

        string path = OptionalString(d, "path", where) ?? throw new EvaluationSuiteException($"{where} needs a 'path'");
        string? corpus = OptionalString(d, "corpus", where);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (d.TryGetProperty("labels", out JsonElement l))
        {
            if (l.ValueKind != JsonValueKind.Object)
            {
                throw new EvaluationSuiteException($"{where}: 'labels' must be an object of strings");
            }

            foreach (JsonProperty p in l.EnumerateObject())
            {
                labels[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw new EvaluationSuiteException($"{where}: label '{p.Name}' must map to a string");
            }
        }

        int recallK = (int)(OptionalDouble(d, "recallK", where) ?? 100);
        if (recallK < 1)
        {
            throw new EvaluationSuiteException($"{where}: 'recallK' must be 1 or more");
        }

        string? config = OptionalString(d, "config", where);
        string[]? slices = null;
        if (d.TryGetProperty("slices", out JsonElement sl))
        {
            slices = sl.ValueKind == JsonValueKind.Array && sl.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)
                ? [.. sl.EnumerateArray().Select(e => e.GetString()!)]
                : throw new EvaluationSuiteException($"{where}: 'slices' must be an array of strings");
        }

        double? maxCases = OptionalDouble(d, "maxCases", where);
        if (maxCases is < 1)
        {
            throw new EvaluationSuiteException($"{where}: 'maxCases' must be 1 or more");
        }

        string? sourceText = OptionalString(d, "source", where);
        PromptInjectionSource source = PromptInjectionSource.User;
        if (sourceText is not null && !EvaluationCaseSources.TryParse(sourceText, out source))
        {
            throw new EvaluationSuiteException($"{where}: unknown source '{sourceText}' (user, document, tool)");
        }

        string? labelText = OptionalString(d, "label", where);
        bool? defaultLabel = labelText switch
        {
            null => null,
            "injection" => true,
            "benign" => false,
            _ => throw new EvaluationSuiteException($"{where}: 'label' must be 'injection' or 'benign'"),
        };

        var spec = new EvaluationDatasetSpec
        {
            Source = source,
            DefaultLabel = defaultLabel,
            Name = name,
            Kind = kind,
            Path = Resolve(path, baseDirectory, dataRoot, where),
            Corpus = corpus is null ? null : Resolve(corpus, baseDirectory, dataRoot, where),
            Optional = d.TryGetProperty("optional", out JsonElement o) && (o.ValueKind == JsonValueKind.True || (o.ValueKind != JsonValueKind.False ? throw new EvaluationSuiteException($"{where}: 'optional' must be true or false") : false)),
            Labels = labels,
            Split = OptionalString(d, "split", where) ?? "test",
            RecallK = recallK,
            MaxCases = maxCases is null ? null : (int)maxCases,
            ConfigPath = config is null ? null : System.IO.Path.GetFullPath(config, baseDirectory),
            Slices = slices,
        };

        var thresholds = new List<EvaluationThreshold>();
        if (d.TryGetProperty("thresholds", out JsonElement t))
        {
            if (t.ValueKind != JsonValueKind.Array)
            {
                throw new EvaluationSuiteException($"{where}: 'thresholds' must be an array");
            }

            IReadOnlyList<string> known = MetricCatalog.For(spec);
            foreach (JsonElement th in t.EnumerateArray())
            {
                string metric = OptionalString(th, "metric", where) ?? throw new EvaluationSuiteException($"{where}: a threshold needs a 'metric'");
                if (!known.Contains(metric, StringComparer.Ordinal))
                {
                    throw new EvaluationSuiteException($"{where}: unknown metric '{metric}' for kind {kind} (known: {string.Join(", ", known)})");
                }

                double? min = OptionalDouble(th, "min", where), max = OptionalDouble(th, "max", where);
                if (min is null && max is null)
                {
                    throw new EvaluationSuiteException($"{where}: the threshold on '{metric}' needs 'min' or 'max'");
                }

                string ruleText = OptionalString(th, "rule", where) ?? "mean";
                EvaluationThresholdRule rule = ruleText switch
                {
                    "mean" => EvaluationThresholdRule.Mean,
                    "everyCase" => EvaluationThresholdRule.EveryCase,
                    _ => throw new EvaluationSuiteException($"{where}: unknown rule '{ruleText}' (mean, everyCase)"),
                };
                if (rule == EvaluationThresholdRule.EveryCase && kind == EvaluationDatasetKind.Pii && metric.StartsWith("anyType", StringComparison.Ordinal))
                {
                    throw new EvaluationSuiteException($"{where}: rule 'everyCase' is not available for '{metric}'");
                }

                thresholds.Add(new EvaluationThreshold { Metric = metric, Slice = OptionalString(th, "slice", where), Min = min, Max = max, Rule = rule });
            }
        }

        return new EvaluationDatasetSpec
        {
            Name = spec.Name, Kind = spec.Kind, Path = spec.Path, Corpus = spec.Corpus, Optional = spec.Optional, Labels = spec.Labels,
            Split = spec.Split, RecallK = spec.RecallK, MaxCases = spec.MaxCases, ConfigPath = spec.ConfigPath, Slices = spec.Slices, Thresholds = thresholds, Source = spec.Source, DefaultLabel = spec.DefaultLabel,
        };
    }

    private static string? OptionalString(JsonElement e, string name, string where)
    {
        if (!e.TryGetProperty(name, out JsonElement v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString())
            ? v.GetString()
            : throw new EvaluationSuiteException($"{where}: '{name}' must be a non-empty string");
    }

    private static double? OptionalDouble(JsonElement e, string name, string where)
    {
        if (!e.TryGetProperty(name, out JsonElement v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return v.ValueKind == JsonValueKind.Number && double.IsFinite(v.GetDouble())
            ? v.GetDouble()
            : throw new EvaluationSuiteException($"{where}: '{name}' must be a number");
    }
}
