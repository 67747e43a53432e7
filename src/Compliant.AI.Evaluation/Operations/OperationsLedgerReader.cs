using System.Text.Json;

namespace Compliant.AI.Evaluation.Operations;

/// <summary>Streams the records of a file audit ledger (a folder of audit-*.jsonl, or one file) into an <see cref="OperationsReport"/>, one line at a time.</summary>
internal static class OperationsLedgerReader
{
    public static IReadOnlyList<string> Files(string path) =>
        Directory.Exists(path) ? [.. Directory.EnumerateFiles(path, "audit-*.jsonl").Order(StringComparer.Ordinal)]
        : File.Exists(path) ? [path]
        : throw new FileNotFoundException("The audit ledger path does not exist.");

    /// <summary>Reads every record line; lines that are not records (checkpoints, damaged lines) are counted, not read.</summary>
    public static async Task<long> ReadAsync(string path, OperationsReport report, CancellationToken cancellationToken)
    {
        long unreadable = 0;
        foreach (string file in Files(path))
        {
            using var reader = new StreamReader(file, new FileStreamOptions { Access = FileAccess.Read, Share = FileShare.ReadWrite, BufferSize = 1 << 16, Options = FileOptions.SequentialScan });
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                try
                {
                    using JsonDocument doc = JsonDocument.Parse(line);
                    if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("kind", out JsonElement kind) && kind.ValueEquals("record")
                        && doc.RootElement.TryGetProperty("rec", out JsonElement rec) && rec.ValueKind == JsonValueKind.Object)
                    {
                        report.Add(rec);
                    }
                }
                catch (JsonException)
                {
                    unreadable++;
                }
            }
        }

        return unreadable;
    }
}
