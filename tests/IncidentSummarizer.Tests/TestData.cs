using System.Text.Json;

namespace IncidentSummarizer.Tests;

/// <summary>Shared inputs: the bundled incidents, a PII-bearing incident with canaries, a temp data folder per test.</summary>
internal static class TestData
{
    public const string CanaryEmail = "zq.canary.4417@example.org";
    public const string CanaryAccount = "40217788119900";
    public const string CanaryIp = "203.0.113.45";

    public static readonly string[] Canaries = [CanaryEmail, CanaryAccount, CanaryIp];

    public static string IncidentsDirectory => Path.Combine(IncidentApp.SampleRoot(), "incidents");

    public static IReadOnlyList<IncidentEvent> Bundled(string name) => IncidentReader.ReadFile(Path.Combine(IncidentsDirectory, name + ".jsonl"));

    /// <summary>An incident whose failure alert (always quoted in the summary) carries an e-mail, an account number and an IP.</summary>
    public static IReadOnlyList<IncidentEvent> WithCanaries() => IncidentReader.Read(new StringReader(string.Join('\n',
    [
        Line("a1", "2026-03-01T10:00:00Z", "deploy", "payments-api", "Deployed payments-api v5.0.0 with a new fraud rule."),
        Line("a2", "2026-03-01T10:05:00Z", "alert", "payments-api", $"CRITICAL: payments-api rejected every transfer from account {CanaryAccount} owned by {CanaryEmail} at {CanaryIp}."),
        Line("a3", "2026-03-01T10:06:00Z", "log", "payments-api", $"Transfer tr_1 from account {CanaryAccount} rejected by rule FR-9 for client {CanaryIp}."),
        Line("a4", "2026-03-01T10:10:00Z", "deploy", "payments-api", "Rolled back payments-api to v4.9.9."),
        Line("a5", "2026-03-01T10:12:00Z", "alert", "payments-api", "RESOLVED: payments-api transfers succeeding."),
    ])));

    public static string Line(string id, string timestamp, string kind, string source, string text) =>
        JsonSerializer.Serialize(new { id, timestamp, kind, source, text });

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "incident-summarizer-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Every file in <paramref name="directory"/> as text (the ledger's lock file, held by the open app, is skipped).</summary>
    public static string ReadEverything(string directory) =>
        Directory.Exists(directory) ? string.Join('\n', Directory.GetFiles(directory, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)).Select(File.ReadAllText)) : string.Empty;

    public static string[] AuditLines(string dataDirectory) =>
        Directory.Exists(Path.Combine(dataDirectory, "audit"))
            ? Directory.GetFiles(Path.Combine(dataDirectory, "audit"), "*.jsonl").Order(StringComparer.Ordinal).SelectMany(File.ReadAllLines).Where(l => l.Length > 0).ToArray()
            : [];

    /// <summary>Every verdict of a stage in the ledger, as JSON.</summary>
    public static List<JsonElement> Verdicts(string dataDirectory, string stage) =>
        AuditLines(dataDirectory)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(r => r.TryGetProperty("rec", out _))
            .SelectMany(r => r.GetProperty("rec").GetProperty("verdicts").EnumerateArray())
            .Where(v => v.GetProperty("stage").GetString() == stage)
            .ToList();
}
