using System.Security.Cryptography;
using Compliant.AI;

namespace Compliant.AI.Tests.Auditing;

/// <summary>Temp directories, keys and records for ledger tests. Every ledger test uses real files and real fsync.</summary>
internal static class LedgerTestSupport
{
    public static readonly string KeyA = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    public static readonly string KeyB = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());

    public static AuditKey AuditKeyA => AuditKey.FromBase64("a", KeyA);

    public static AuditKey AuditKeyB => AuditKey.FromBase64("b", KeyB);

    public static AuditLedgerOptions Options(string directory, string keyId = "a", string? key = null) => new()
    {
        Directory = directory,
        KeyId = keyId,
        Key = key ?? KeyA,
    };

    public static AuditRecord Record(int i, string? user = null, string? tenant = null, AuditOutcome outcome = AuditOutcome.Succeeded) => new()
    {
        RecordId = $"rec-{i:D6}",
        Timestamp = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero).AddSeconds(i),
        ConversationId = $"conv-{i % 3}",
        Caller = new AuditCaller { UserId = user ?? $"user-{i % 5}", TenantId = tenant ?? "tenant-1", Groups = ["g1"] },
        Operation = AuditOperations.Chat,
        Provider = "test",
        Model = "m",
        Request = [new AuditMessageSummary { Role = "user", Length = 10, Digest = "ZGlnZXN0" }],
        Verdicts = [new AuditVerdict("grounding", AuditDecision.Allow, "ok")],
        Counters = new SortedDictionary<string, long>(StringComparer.Ordinal) { ["pii.redacted.PERSON"] = i },
        InputTokens = 10,
        OutputTokens = 20,
        LatencyMs = 1.5,
        Outcome = outcome,
    };

    public static async Task<FileAuditLedger> WriteLedgerAsync(string directory, int count, AuditLedgerOptions? options = null, TimeProvider? time = null)
    {
        var ledger = new FileAuditLedger(options ?? Options(directory), time);
        for (int i = 0; i < count; i++)
        {
            await ledger.WriteAsync(Record(i));
        }

        return ledger;
    }

    public static string OnlyFile(string directory) => Directory.GetFiles(directory, "audit-*.jsonl").Single();

    public static byte[] RandomBytes(int n) => RandomNumberGenerator.GetBytes(n);
}

/// <summary>A unique temporary directory deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "compliant-ledger-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
