using System.Globalization;
using System.Text.Json;

namespace Compliant.AI.Evaluation.Internal;

/// <summary>Reads the cases of a dataset. Errors name the file and line, never the line's content.</summary>
internal static class DatasetReader
{
    public static bool Exists(EvaluationDatasetSpec spec) =>
        spec.Kind == EvaluationDatasetKind.Retrieval ? Directory.Exists(spec.Path) : File.Exists(spec.Path);

    public static List<EvaluationCase> Read(EvaluationDatasetSpec spec)
    {
        List<EvaluationCase> cases = spec.Kind switch
        {
            EvaluationDatasetKind.Pii => ReadRows(spec, spec.Path).Select(r => Pii(spec, r.Line, r.Row)).ToList(),
            EvaluationDatasetKind.Retrieval => ReadBeirQueries(spec),
            EvaluationDatasetKind.GroundedQa => ReadRows(spec, spec.Path).Select(r => Qa(spec, r.Line, r.Row)).ToList(),
            EvaluationDatasetKind.StructuredOutput => ReadRows(spec, spec.Path).Select(r => Structured(spec, r.Line, r.Row)).ToList(),
            EvaluationDatasetKind.Injection => ReadRows(spec, spec.Path).Select(r => Injection(spec, r.Line, r.Row)).ToList(),
            _ => throw new EvaluationSuiteException($"dataset '{spec.Name}': unsupported kind"),
        };
        if (spec.Slices is { } slices)
        {
            cases = [.. cases.Where(c => c.Slice is not null && slices.Contains(c.Slice, StringComparer.Ordinal))];
        }

        if (cases.Count == 0)
        {
            throw new EvaluationSuiteException($"dataset '{spec.Name}' has no cases");
        }

        return spec.MaxCases is { } max ? cases.Take(max).ToList() : cases;
    }

    /// <summary>Reads a BEIR corpus.jsonl: (id, title, text) per document.</summary>
    public static IEnumerable<(string Id, string? Title, string Text)> ReadBeirCorpus(string file, string datasetName)
    {
        foreach ((int line, JsonElement row) in ReadJsonLines(file, datasetName))
        {
            string id = RequiredString(row, "_id", datasetName, file, line);
            string? title = row.TryGetProperty("title", out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            string text = row.TryGetProperty("text", out JsonElement x) && x.ValueKind == JsonValueKind.String ? x.GetString()! : string.Empty;
            yield return (id, string.IsNullOrWhiteSpace(title) ? null : title, text);
        }
    }

    private static IEnumerable<(int Line, JsonElement Row)> ReadRows(EvaluationDatasetSpec spec, string file)
    {
        string first = File.ReadLines(file).FirstOrDefault(l => !string.IsNullOrWhiteSpace(l))?.TrimStart() ?? string.Empty;
        if (first.StartsWith('['))
        {
            JsonElement array;
            try
            {
                using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(file));
                array = doc.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new EvaluationSuiteException(string.Create(CultureInfo.InvariantCulture, $"dataset '{spec.Name}': {Path.GetFileName(file)} is not valid JSON (line {ex.LineNumber + 1})"), ex);
            }

            int index = 0;
            foreach (JsonElement row in array.EnumerateArray())
            {
                yield return (++index, row);
            }

            yield break;
        }

        foreach ((int line, JsonElement row) in ReadJsonLines(file, spec.Name))
        {
            yield return (line, row);
        }
    }

    private static IEnumerable<(int Line, JsonElement Row)> ReadJsonLines(string file, string datasetName)
    {
        int line = 0;
        foreach (string text in File.ReadLines(file))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            JsonElement row;
            try
            {
                using JsonDocument doc = JsonDocument.Parse(text);
                row = doc.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new EvaluationSuiteException(string.Create(CultureInfo.InvariantCulture, $"dataset '{datasetName}': {Path.GetFileName(file)} line {line} is not valid JSON"), ex);
            }

            if (row.ValueKind != JsonValueKind.Object)
            {
                throw new EvaluationSuiteException(string.Create(CultureInfo.InvariantCulture, $"dataset '{datasetName}': {Path.GetFileName(file)} line {line} is not a JSON object"));
            }

            yield return (line, row);
        }
    }

    private static EvaluationCase Pii(EvaluationDatasetSpec spec, int line, JsonElement row)
    {
        string text = OneOf(row, spec, line, "text", "full_text");
        var spans = new List<PiiGoldSpan>();
        if (row.TryGetProperty("spans", out JsonElement array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement s in array.EnumerateArray())
            {
                string label = OneOf(s, spec, line, "entity_type", "label", "type");
                int start = OneInt(s, spec, line, "start", "start_position");
                int end = OneInt(s, spec, line, "end", "end_position");
                if (start < 0 || end < start || end > text.Length)
                {
                    throw new EvaluationSuiteException(string.Create(CultureInfo.InvariantCulture, $"dataset '{spec.Name}': line {line}: a span's offsets are outside the text"));
                }

                spans.Add(new PiiGoldSpan(spec.Labels.TryGetValue(label, out string? mapped) ? mapped : label, start, end));
            }
        }
        else if (row.TryGetProperty("spans", out _))
        {
            throw new EvaluationSuiteException(string.Create(CultureInfo.InvariantCulture, $"dataset '{spec.Name}': line {line}: 'spans' must be an array"));
        }

        return new EvaluationCase { Id = Id(row, line), Slice = Slice(row), Text = text, GoldSpans = spans };
    }

    private static EvaluationCase Qa(EvaluationDatasetSpec spec, int line, JsonElement row)
    {
        string question = OneOf(row, spec, line, "question");
        if (!row.TryGetProperty("answerable", out JsonElement a) || a.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw new EvaluationSuiteException(string.Create(CultureInfo.InvariantCulture, $"dataset '{spec.Name}': line {line}: 'answerable' must be true or false"));
        }

        bool answerable = a.GetBoolean();
        return new EvaluationCase
        {
            Id = Id(row, line),
            Slice = Slice(row) ?? (row.TryGetProperty("corpus", out JsonElement c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null),
            Text = question,
            Answerable = answerable,
            GoldDocuments = Strings(row, "gold", spec, line),
            Facts = Strings(row, "facts", spec, line),
        };
    }

    private static EvaluationCase Structured(EvaluationDatasetSpec spec, int line, JsonElement row)
    {
        if (!row.TryGetProperty("schema", out JsonElement schema) || schema.ValueKind is not (JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False))
        {
            throw new EvaluationSuiteException(string.Create(CultureInfo.InvariantCulture, $"dataset '{spec.Name}': line {line}: 'schema' must be a JSON Schema object"));
        }

        string prompt = row.TryGetProperty("prompt", out JsonElement p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : string.Empty;
        IReadOnlyList<string>? answers = row.TryGetProperty("answers", out _) ? Strings(row, "answers", spec, line) : null;
        if (answers is { Count: 0 } || (answers is null && prompt.Length == 0))
        {
            throw new EvaluationSuiteException(string.Create(CultureInfo.InvariantCulture, $"dataset '{spec.Name}': line {line}: needs a 'prompt' or a non-empty 'answers' array"));
        }

        return new EvaluationCase { Id = Id(row, line), Slice = Slice(row), Text = prompt, Schema = schema.Clone(), Answers = answers };
    }

    private static EvaluationCase Injection(EvaluationDatasetSpec spec, int line, JsonElement row)
    {
        string text = OneOf(row, spec, line, "text", "prompt");
        bool label;
        if (!row.TryGetProperty("label", out JsonElement l) || l.ValueKind == JsonValueKind.Null)
        {
            label = spec.DefaultLabel ?? throw new EvaluationSuiteException(string.Create(CultureInfo.InvariantCulture, $"dataset '{spec.Name}': line {line}: needs a 'label' (1/0, true/false, \"injection\"/\"benign\"), or set the dataset's 'label'"));
        }
        else
        {
            label = l.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Number when l.TryGetInt32(out int n) && n is 0 or 1 => n == 1,
                JsonValueKind.String when l.GetString() is "injection" or "1" => true,
                JsonValueKind.String when l.GetString() is "benign" or "0" => false,
                _ => throw new EvaluationSuiteException(string.Create(CultureInfo.InvariantCulture, $"dataset '{spec.Name}': line {line}: 'label' must be 1/0, true/false, \"injection\" or \"benign\"")),
            };
        }

        PromptInjectionSource source = spec.Source;
        if (row.TryGetProperty("source", out JsonElement src) && (src.ValueKind != JsonValueKind.String || !EvaluationCaseSources.TryParse(src.GetString()!, out source)))
        {
            throw new EvaluationSuiteException(string.Create(CultureInfo.InvariantCulture, $"dataset '{spec.Name}': line {line}: 'source' must be user, document or tool"));
        }

        return new EvaluationCase { Id = Id(row, line), Slice = Slice(row), Text = text, IsInjection = label, Source = source };
    }

    private static List<EvaluationCase> ReadBeirQueries(EvaluationDatasetSpec spec)
    {
        string qrelsFile = Path.Combine(spec.Path, "qrels", spec.Split + ".tsv");
        string queriesFile = Path.Combine(spec.Path, "queries.jsonl");
        if (!File.Exists(qrelsFile) || !File.Exists(queriesFile) || !File.Exists(Path.Combine(spec.Path, "corpus.jsonl")))
        {
            throw new EvaluationSuiteException($"dataset '{spec.Name}': a BEIR folder needs corpus.jsonl, queries.jsonl and qrels/{spec.Split}.tsv");
        }

        var qrels = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        int line = 0;
        foreach (string text in File.ReadLines(qrelsFile))
        {
            line++;
            string[] parts = text.Split('\t');
            if (string.IsNullOrWhiteSpace(text) || (line == 1 && parts[0] == "query-id"))
            {
                continue;
            }

            if (parts.Length < 3 || !int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int grade))
            {
                throw new EvaluationSuiteException(string.Create(CultureInfo.InvariantCulture, $"dataset '{spec.Name}': qrels line {line} must be 'query-id<TAB>corpus-id<TAB>score'"));
            }

            if (!qrels.TryGetValue(parts[0], out Dictionary<string, int>? judged))
            {
                qrels[parts[0]] = judged = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            judged[parts[1]] = grade;
        }

        var cases = new List<EvaluationCase>();
        foreach ((int l, JsonElement row) in ReadJsonLines(queriesFile, spec.Name))
        {
            string id = RequiredString(row, "_id", spec.Name, queriesFile, l);
            if (qrels.TryGetValue(id, out Dictionary<string, int>? judgments))
            {
                cases.Add(new EvaluationCase { Id = id, Text = RequiredString(row, "text", spec.Name, queriesFile, l), Judgments = judgments });
            }
        }

        return cases;
    }

    private static string Id(JsonElement row, int line) =>
        row.TryGetProperty("id", out JsonElement id) && id.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? id.ToString()
            : line.ToString(CultureInfo.InvariantCulture);

    private static string? Slice(JsonElement row) =>
        row.TryGetProperty("slice", out JsonElement s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;

    private static string OneOf(JsonElement row, EvaluationDatasetSpec spec, int line, params string[] names)
    {
        foreach (string name in names)
        {
            if (row.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String)
            {
                return v.GetString()!;
            }
        }

        throw new EvaluationSuiteException(string.Create(CultureInfo.InvariantCulture, $"dataset '{spec.Name}': line {line}: missing string '{names[0]}'"));
    }

    private static int OneInt(JsonElement row, EvaluationDatasetSpec spec, int line, params string[] names)
    {
        foreach (string name in names)
        {
            if (row.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int value))
            {
                return value;
            }
        }

        throw new EvaluationSuiteException(string.Create(CultureInfo.InvariantCulture, $"dataset '{spec.Name}': line {line}: missing integer '{names[0]}'"));
    }

    private static string[] Strings(JsonElement row, string name, EvaluationDatasetSpec spec, int line)
    {
        if (!row.TryGetProperty(name, out JsonElement v) || v.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            throw new EvaluationSuiteException(string.Create(CultureInfo.InvariantCulture, $"dataset '{spec.Name}': line {line}: '{name}' must be an array of strings"));
        }

        return [.. v.EnumerateArray().Select(e => e.GetString()!)];
    }

    private static string RequiredString(JsonElement row, string name, string dataset, string file, int line) =>
        row.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new EvaluationSuiteException(string.Create(CultureInfo.InvariantCulture, $"dataset '{dataset}': {Path.GetFileName(file)} line {line}: missing string '{name}'"));
}
