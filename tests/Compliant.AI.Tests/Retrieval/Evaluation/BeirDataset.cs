using System.Text.Json;

namespace Compliant.AI.Tests.Retrieval.Evaluation;

/// <summary>Reads a BEIR dataset folder (corpus.jsonl, queries.jsonl, qrels/test.tsv) from ../shared/data at test time; nothing is copied.</summary>
public sealed class BeirDataset
{
    private BeirDataset(List<SourceDocument> corpus, Dictionary<string, string> queries, Dictionary<string, Dictionary<string, int>> qrels)
    {
        Corpus = corpus;
        Queries = queries;
        Qrels = qrels;
    }

    public IReadOnlyList<SourceDocument> Corpus { get; }

    /// <summary>Gets the test queries (those with judgments), by id.</summary>
    public IReadOnlyDictionary<string, string> Queries { get; }

    public IReadOnlyDictionary<string, Dictionary<string, int>> Qrels { get; }

    public static BeirDataset Load(string folder, string split = "test")
    {
        var corpus = new List<SourceDocument>();
        foreach (string line in File.ReadLines(Path.Combine(folder, "corpus.jsonl")))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using JsonDocument json = JsonDocument.Parse(line);
            JsonElement root = json.RootElement;
            string id = root.GetProperty("_id").GetString()!;
            string? title = root.TryGetProperty("title", out JsonElement t) ? t.GetString() : null;
            string text = root.GetProperty("text").GetString() ?? string.Empty;
            corpus.Add(new SourceDocument(id, text) { Title = string.IsNullOrWhiteSpace(title) ? null : title, AllowedPrincipals = [PrincipalNames.Everyone] });
        }

        var qrels = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(Path.Combine(folder, "qrels", split + ".tsv")).Skip(1))
        {
            string[] parts = line.Split('\t');
            if (parts.Length < 3)
            {
                continue;
            }

            if (!qrels.TryGetValue(parts[0], out Dictionary<string, int>? judged))
            {
                judged = new Dictionary<string, int>(StringComparer.Ordinal);
                qrels[parts[0]] = judged;
            }

            judged[parts[1]] = int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
        }

        var queries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(Path.Combine(folder, "queries.jsonl")))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using JsonDocument json = JsonDocument.Parse(line);
            string id = json.RootElement.GetProperty("_id").GetString()!;
            if (qrels.ContainsKey(id))
            {
                queries[id] = json.RootElement.GetProperty("text").GetString() ?? string.Empty;
            }
        }

        return new BeirDataset(corpus, queries, qrels);
    }
}
