using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Compliant.AI.Tests.StructuredOutput;

/// <summary>Runs the official JSON Schema Test Suite (read from <c>../shared/data</c>, never copied) against any validator.</summary>
internal static class JsonSchemaTestSuite
{
    public const string DatasetName = "json-schema-test-suite";

    /// <summary>A validator under test: compiles a schema (throwing on failure) into an instance check.</summary>
    public delegate Func<string, bool> ValidatorFactory(string schemaJson, IReadOnlyDictionary<string, string> remotes, JsonSchemaDialect dialect);

    public sealed record FileResult(string File, int Passed, int Total, IReadOnlyList<string> Failures)
    {
        public double Rate => Total == 0 ? 1 : (double)Passed / Total;
    }

    public static string Root => Datasets.Find(DatasetName) ?? throw new InvalidOperationException(Datasets.SkipReason(DatasetName));

    /// <summary>The remote schemas, keyed by the <c>http://localhost:1234/...</c> URIs the suite uses.</summary>
    public static IReadOnlyDictionary<string, string> LoadRemotes()
    {
        string remotes = Path.Combine(Root, "remotes");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(remotes, "*.json", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(remotes, file).Replace('\\', '/');
            map["http://localhost:1234/" + relative] = File.ReadAllText(file);
        }

        return map;
    }

    public static List<FileResult> Run(string draft, bool optional, ValidatorFactory factory, JsonSchemaDialect dialect, ISet<string>? skipFiles = null)
    {
        IReadOnlyDictionary<string, string> remotes = LoadRemotes();
        string dir = Path.Combine(Root, "tests", draft);
        if (optional)
        {
            dir = Path.Combine(dir, "optional");
        }

        var results = new List<FileResult>();
        foreach (string file in Directory.EnumerateFiles(dir, "*.json", optional ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal))
        {
            if (skipFiles is not null && skipFiles.Contains(draft + "/" + Path.GetFileName(file)))
            {
                int count = 0;
                using (JsonDocument skipped = JsonDocument.Parse(File.ReadAllText(file)))
                {
                    count = skipped.RootElement.EnumerateArray().Sum(g => g.GetProperty("tests").GetArrayLength());
                }

                results.Add(new FileResult(Path.GetRelativePath(dir, file) + " (crashed: stack overflow)", 0, count, []));
                continue;
            }

            if (Environment.GetEnvironmentVariable("JSON_SCHEMA_SUITE_ONLY") is { Length: > 0 } only && only != draft + "/" + Path.GetFileName(file))
            {
                continue;
            }

            int passed = 0, total = 0;
            var failures = new List<string>();
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(file));
            foreach (JsonElement group in doc.RootElement.EnumerateArray())
            {
                Func<string, bool>? check = null;
                try
                {
                    check = factory(group.GetProperty("schema").GetRawText(), remotes, dialect);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    check = null;
                }

                foreach (JsonElement test in group.GetProperty("tests").EnumerateArray())
                {
                    total++;
                    bool expected = test.GetProperty("valid").GetBoolean();
                    try
                    {
                        if (check is not null && check(test.GetProperty("data").GetRawText()) == expected)
                        {
                            passed++;
                        }
                        else
                        {
                            failures.Add($"{group.GetProperty("description").GetString()} / {test.GetProperty("description").GetString()}{(check is null ? " (schema did not compile)" : string.Empty)}");
                        }
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        failures.Add($"{group.GetProperty("description").GetString()} / {test.GetProperty("description").GetString()} ({ex.GetType().Name})");
                    }
                }
            }

            results.Add(new FileResult(Path.GetRelativePath(dir, file), passed, total, failures));
        }

        return results;
    }

    public static string Format(string title, IReadOnlyList<FileResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{title}");
        foreach (FileResult r in results)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {r.File,-40} {r.Passed,4}/{r.Total,-4} {r.Rate:P1}");
            if (Environment.GetEnvironmentVariable("JSON_SCHEMA_SUITE_VERBOSE") == "1")
            {
                foreach (string failure in r.Failures)
                {
                    sb.AppendLine(CultureInfo.InvariantCulture, $"      FAIL {failure}");
                }
            }
        }

        int p = results.Sum(r => r.Passed), t = results.Sum(r => r.Total);
        sb.AppendLine(CultureInfo.InvariantCulture, $"  {"OVERALL",-40} {p,4}/{t,-4} {(double)p / t:P2}");
        return sb.ToString();
    }

    public static double Overall(IReadOnlyList<FileResult> results) => (double)results.Sum(r => r.Passed) / results.Sum(r => r.Total);

    /// <summary>Our validator, as the factory the suite runs.</summary>
    public static Func<string, bool> Ours(string schemaJson, IReadOnlyDictionary<string, string> remotes, JsonSchemaDialect dialect)
    {
        var options = new JsonSchemaValidatorOptions { DefaultDialect = dialect };
        foreach ((string uri, string json) in remotes)
        {
            options.RemoteSchemas[uri] = json;
        }

        JsonSchemaValidator validator = JsonSchemaValidator.Compile(schemaJson, options);
        return instance =>
        {
            using JsonDocument d = JsonDocument.Parse(instance);
            return validator.Validate(d.RootElement).IsValid;
        };
    }
}
