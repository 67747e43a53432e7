using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Compliant.AI.Auditing.Internal;
using Npgsql;

namespace Compliant.AI.Benchmarks.ScaleOut;

/// <summary>
/// Durable appends per second of <see cref="PostgreSqlAuditLedger"/> (group commit: one statement and one commit per
/// batch, an append completes after its batch committed) with 1, 8 and 64 concurrent writers, beside a naive PostgreSQL writer (one
/// INSERT and one commit per record through Npgsql, into a table of the same shape, no chain) and beside the file ledger
/// (<see cref="FileAuditLedger"/>, fsync group commit). A second naive writer keeps a chain head the way a naive
/// single-chain ledger would (lock the head row, insert, move the head, commit, per record). Each invocation appends <see cref="RecordsPerInvocation"/>
/// records spread over the writers, so "Mean" is per durable append.
/// </summary>
/// <remarks>
/// Every case gets fresh tables (the ledger's own through <see cref="PostgreSqlAuditSchema.MigrateAsync"/>), and its
/// global cleanup verifies the chain with <see cref="PostgreSqlAuditVerifier"/> and checks that it holds exactly as many
/// records as were acknowledged; a broken chain or a count mismatch fails the run. The server runs with its default
/// durability (fsync on, synchronous_commit on).
/// </remarks>
[MemoryDiagnoser]
public class PostgreSqlLedgerAppendBenchmarks
{
    public const int RecordsPerInvocation = 512;

    private string _connectionString = string.Empty;
    private string _ledgerSchema = string.Empty;
    private string _naiveSchema = string.Empty;
    private string _directory = string.Empty;
    private AuditKey _key = null!;
    private PostgreSqlAuditLedger _ledger = null!;
    private FileAuditLedger _fileLedger = null!;
    private NpgsqlDataSource _naive = null!;
    private string _naiveInsert = string.Empty;
    private AuditRecord _record = null!;
    private long _ledgerAppends;
    private long _naiveAppends;
    private long _chainedAppends;

    [Params(1, 8, 64)]
    public int Writers { get; set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = RecordsPerInvocation)]
    public Task NaiveInsertAndCommitPerRecord() => RunWriters(async () =>
    {
        byte[] line = [.. JsonSerializer.SerializeToUtf8Bytes(_record, AuditJsonContext.Default.AuditRecord), (byte)'\n'];
        await using NpgsqlCommand insert = _naive.CreateCommand(_naiveInsert);
        insert.Parameters.AddWithValue(line);
        await insert.ExecuteNonQueryAsync(); // autocommit: one transaction, one WAL flush per record
        Interlocked.Increment(ref _naiveAppends);
    });

    /// <summary>
    /// What a naive single-chain ledger must do per record: lock the chain's head row, insert, move the head, commit.
    /// The lock serializes the commits, so PostgreSQL cannot flush several of them in one WAL write.
    /// </summary>
    [Benchmark(OperationsPerInvoke = RecordsPerInvocation)]
    public Task NaiveChainedInsertAndCommitPerRecord() => RunWriters(async () =>
    {
        byte[] line = [.. JsonSerializer.SerializeToUtf8Bytes(_record, AuditJsonContext.Default.AuditRecord), (byte)'\n'];
        await using NpgsqlConnection connection = await _naive.OpenConnectionAsync();
        await using NpgsqlTransaction tx = await connection.BeginTransactionAsync();
        await using (var head = new NpgsqlCommand($"SELECT seq FROM {_naiveSchema}.head WHERE id = 1 FOR UPDATE", connection, tx))
        {
            long seq = (long)(await head.ExecuteScalarAsync())! + 1;
            await using var insert = new NpgsqlCommand($"INSERT INTO {_naiveSchema}.chained (seq, line) VALUES ($1, $2)", connection, tx);
            insert.Parameters.AddWithValue(seq);
            insert.Parameters.AddWithValue(line);
            await insert.ExecuteNonQueryAsync();
            await using var move = new NpgsqlCommand($"UPDATE {_naiveSchema}.head SET seq = $1 WHERE id = 1", connection, tx);
            move.Parameters.AddWithValue(seq);
            await move.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
        Interlocked.Increment(ref _chainedAppends);
    });

    [Benchmark(OperationsPerInvoke = RecordsPerInvocation)]
    public Task PostgreSqlLedgerGroupCommit() => RunWriters(async () =>
    {
        await _ledger.WriteAsync(_record);
        Interlocked.Increment(ref _ledgerAppends);
    });

    [Benchmark(OperationsPerInvoke = RecordsPerInvocation)]
    public Task FileLedgerGroupCommit() => RunWriters(() => _fileLedger.WriteAsync(_record).AsTask());

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

    private async Task SetupAsync()
    {
        _connectionString = ScaleOutServers.Postgres;
        string suffix = Guid.NewGuid().ToString("N")[..12];
        _ledgerSchema = "bench_ledger_" + suffix;
        _naiveSchema = "bench_naive_" + suffix;
        _key = AuditKey.FromBase64("bench", Convert.ToBase64String(new byte[32].Select((_, i) => (byte)i).ToArray()));

        await PostgreSqlAuditSchema.MigrateAsync(_connectionString, _ledgerSchema);
        _ledger = await PostgreSqlAuditLedger.OpenAsync(new PostgreSqlAuditLedgerOptions
        {
            ConnectionString = _connectionString,
            Schema = _ledgerSchema,
            Key = _key,
        });

        // The naive writer: the ledger table's shape (seq bigint primary key, line bytea), the sequence from an identity column.
        _naive = NpgsqlDataSource.Create(_connectionString);
        await using (NpgsqlCommand create = _naive.CreateCommand(
            $"CREATE SCHEMA {_naiveSchema}; CREATE TABLE {_naiveSchema}.audit_ledger (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, line bytea NOT NULL); " +
            $"CREATE TABLE {_naiveSchema}.chained (seq bigint PRIMARY KEY, line bytea NOT NULL); " +
            $"CREATE TABLE {_naiveSchema}.head (id int PRIMARY KEY, seq bigint NOT NULL); INSERT INTO {_naiveSchema}.head VALUES (1, 0)"))
        {
            await create.ExecuteNonQueryAsync();
        }

        _naiveInsert = $"INSERT INTO {_naiveSchema}.audit_ledger (line) VALUES ($1)";

        _directory = Path.Combine(Path.GetTempPath(), "compliant-scaleout-bench", suffix);
        _fileLedger = new FileAuditLedger(new AuditLedgerOptions
        {
            Directory = Path.Combine(_directory, "ledger"),
            KeyId = "bench",
            Key = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)i).ToArray()),
        });

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
        _ledgerAppends = 0;
        _naiveAppends = 0;
        _chainedAppends = 0;
    }

    private async Task CleanupAsync()
    {
        await _ledger.DisposeAsync();
        _fileLedger.Dispose();
        try
        {
            AuditLedgerVerificationResult result = await PostgreSqlAuditVerifier.VerifyAsync(_connectionString, [_key], _ledgerSchema);
            Console.WriteLine($"// PostgreSQL ledger ({Writers} writers): {result}; {_ledgerAppends} appends acknowledged");
            if (!result.IsIntact || result.RecordCount != _ledgerAppends)
            {
                throw new InvalidOperationException(
                    $"The PostgreSQL ledger after the benchmark is not what was acknowledged: {result}, {_ledgerAppends} appends acknowledged.");
            }

            await using NpgsqlCommand count = _naive.CreateCommand($"SELECT count(*) FROM {_naiveSchema}.audit_ledger");
            long naiveRows = (long)(await count.ExecuteScalarAsync())!;
            Console.WriteLine($"// naive table ({Writers} writers): {naiveRows} rows; {_naiveAppends} inserts acknowledged");
            if (naiveRows != _naiveAppends)
            {
                throw new InvalidOperationException($"The naive table holds {naiveRows} rows for {_naiveAppends} acknowledged inserts.");
            }

            await using NpgsqlCommand chained = _naive.CreateCommand($"SELECT count(*), coalesce(max(seq), 0) FROM {_naiveSchema}.chained");
            await using NpgsqlDataReader reader = await chained.ExecuteReaderAsync();
            await reader.ReadAsync();
            (long chainedRows, long chainedMax) = (reader.GetInt64(0), reader.GetInt64(1));
            Console.WriteLine($"// naive chained table ({Writers} writers): {chainedRows} rows, last seq {chainedMax}; {_chainedAppends} appends acknowledged");
            if (chainedRows != _chainedAppends || chainedMax != _chainedAppends)
            {
                throw new InvalidOperationException($"The naive chained table holds {chainedRows} rows (last {chainedMax}) for {_chainedAppends} acknowledged appends.");
            }
        }
        finally
        {
            await using (NpgsqlCommand drop = _naive.CreateCommand($"DROP SCHEMA {_ledgerSchema} CASCADE; DROP SCHEMA {_naiveSchema} CASCADE"))
            {
                await drop.ExecuteNonQueryAsync();
            }

            await _naive.DisposeAsync();
            Directory.Delete(_directory, recursive: true);
        }
    }
}
