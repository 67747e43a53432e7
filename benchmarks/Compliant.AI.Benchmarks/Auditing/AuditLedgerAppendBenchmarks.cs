using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Compliant.AI.Auditing.Internal;

namespace Compliant.AI.Benchmarks.Auditing;

/// <summary>
/// Durable appends per second: the group-commit ledger (one write + one fsync per batch) against a naive ledger that
/// writes and fsyncs each record under a lock, with 1, 8 and 64 concurrent writers. Real files, real fsync.
/// Each benchmark invocation appends <see cref="RecordsPerInvocation"/> records, so "Mean" is per durable append.
/// </summary>
[MemoryDiagnoser]
public class AuditLedgerAppendBenchmarks
{
    public const int RecordsPerInvocation = 512;

    private readonly SemaphoreSlim _naiveLock = new(1, 1);
    private string _directory = string.Empty;
    private FileAuditLedger _ledger = null!;
    private FileStream _naive = null!;
    private AuditRecord _record = null!;

    [Params(1, 8, 64)]
    public int Writers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "compliant-ledger-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _ledger = new FileAuditLedger(new AuditLedgerOptions
        {
            Directory = Path.Combine(_directory, "ledger"),
            KeyId = "bench",
            Key = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)i).ToArray()),
        });
        _naive = new FileStream(Path.Combine(_directory, "naive.jsonl"), FileMode.Append, FileAccess.Write, FileShare.Read, 1);
        _record = new AuditRecord
        {
            RecordId = "0192f3a4-5b6c-7d8e-9f00-112233445566",
            Timestamp = DateTimeOffset.UnixEpoch,
            ConversationId = "conversation-1",
            Caller = new AuditCaller { UserId = "user-1", TenantId = "tenant-1", Groups = ["clinicians"], Roles = ["reader"] },
            Provider = "openai",
            Model = "gpt-4o-mini",
            Request = [new AuditMessageSummary { Role = "user", Length = 4096, Digest = "q3mOc9vWkHzv3Q8VtS3D8nqQ7kBL0yqmpbqk1nN1X6M=" }],
            Response = [new AuditMessageSummary { Role = "assistant", Length = 812, Digest = "uJ4o1rUeM0r0p9m1m7mQ3f7c8kXHjA8bXyo0Yq1wP7E=" }],
            Verdicts = [new AuditVerdict("pii_redaction", AuditDecision.Modify, "redacted"), new AuditVerdict("grounding", AuditDecision.Allow, "cited")],
            SourceIds = ["policy-12#3", "policy-12#4"],
            InputTokens = 1100,
            OutputTokens = 210,
            LatencyMs = 812.5,
        };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ledger.Dispose();
        _naive.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = RecordsPerInvocation)]
    public Task NaiveWriteAndFsyncPerRecord() => RunWriters(async () =>
    {
        byte[] line = [.. JsonSerializer.SerializeToUtf8Bytes(_record, AuditJsonContext.Default.AuditRecord), (byte)'\n'];
        await _naiveLock.WaitAsync();
        try
        {
            _naive.Write(line);
            _naive.Flush(flushToDisk: true);
        }
        finally
        {
            _naiveLock.Release();
        }
    });

    [Benchmark(OperationsPerInvoke = RecordsPerInvocation)]
    public Task GroupCommitLedger() => RunWriters(() => _ledger.WriteAsync(_record).AsTask());

    private Task RunWriters(Func<Task> append)
    {
        int perWriter = RecordsPerInvocation / Writers;
        return Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            for (int i = 0; i < perWriter; i++)
            {
                await append();
            }
        })));
    }
}
