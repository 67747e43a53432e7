using System.Text.Json;

namespace PolicyService.Tests;

/// <summary>Reads the audit records the service wrote (JSON Lines under data/audit).</summary>
internal static class LedgerReader
{
    public static List<JsonElement> Records(string dataDirectory)
    {
        string audit = Path.Combine(dataDirectory, "audit");
        var records = new List<JsonElement>();
        foreach (string file in Directory.EnumerateFiles(audit, "*.jsonl").Order(StringComparer.Ordinal))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (line.Length > 0)
                {
                    JsonElement element = JsonDocument.Parse(line).RootElement.Clone();
                    if (element.TryGetProperty("rec", out JsonElement inner))
                    {
                        records.Add(inner);
                    }
                }
            }
        }

        return records;
    }

    public static JsonElement Find(string dataDirectory, string recordId) =>
        Assert.Single(Records(dataDirectory), r => r.TryGetProperty("recordId", out JsonElement id) && id.GetString() == recordId);
}
