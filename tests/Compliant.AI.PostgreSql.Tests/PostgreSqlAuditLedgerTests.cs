using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Compliant.AI.Tests;

[Collection(PostgresServerGroup.Name)]
public sealed class PostgreSqlAuditLedgerTests
{
    [PostgresFact]
    public async Task WriteAsync_ConcurrentAppends_OneIntactChainWithEveryRecordOnce()
    {
        TestLedger t = await new TestLedger().MigrateAsync();
        await using (PostgreSqlAuditLedger ledger = await t.OpenAsync(maxBatch: 64))
        {
            await Task.WhenAll(Enumerable.Range(0, 500).Select(i => ledger.WriteAsync(TestLedger.Record($"r{i}")).AsTask()));
        }

        AuditLedgerVerificationResult result = await t.VerifyAsync();

        Assert.True(result.IsIntact, result.Reason);
        Assert.Equal(500, result.RecordCount);
        Assert.Equal(500, result.LastSequence);
        List<string> ids = await t.RecordIdsAsync();
        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"r{i}").Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
    }

    [PostgresFact]
    public async Task Rows_AreTheFileLedgersBytes_TheFileVerifierAcceptsThem()
    {
        TestLedger t = await new TestLedger().MigrateAsync();
        await using (PostgreSqlAuditLedger ledger = await t.OpenAsync())
        {
            for (int i = 0; i < 20; i++)
            {
                await ledger.WriteAsync(TestLedger.Record($"r{i}"));
            }
        }

        string dir = Directory.CreateTempSubdirectory("pg-ledger-").FullName;
        try
        {
            string file = Path.Combine(dir, "audit-00000001-20261206.jsonl");
            await File.WriteAllBytesAsync(file, [.. (await t.RowsAsync()).SelectMany(r => r.Line)]);

            AuditLedgerVerificationResult fileResult = await AuditLedgerVerifier.VerifyAsync(file, [t.Key]);

            Assert.True(fileResult.IsIntact, fileResult.Reason);
            Assert.Equal(20, fileResult.RecordCount);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [PostgresFact]
    public async Task WriteAsync_TwoInstances_ExtendOneChainInTurn()
    {
        TestLedger t = await new TestLedger().MigrateAsync();
        await using (PostgreSqlAuditLedger a = await t.OpenAsync())
        await using (PostgreSqlAuditLedger b = await t.OpenAsync())
        {
            await Task.WhenAll(Enumerable.Range(0, 200).Select(i => (i % 2 == 0 ? a : b).WriteAsync(TestLedger.Record($"r{i}")).AsTask()));
        }

        AuditLedgerVerificationResult result = await t.VerifyAsync();
        Assert.True(result.IsIntact, result.Reason);
        Assert.Equal(200, result.RecordCount);
    }

    [PostgresFact]
    public async Task WriteAsync_NewKey_WritesAKeyLineAndVerifiesWithBothKeys()
    {
        TestLedger t = await new TestLedger().MigrateAsync();
        await using (PostgreSqlAuditLedger ledger = await t.OpenAsync())
        {
            await ledger.WriteAsync(TestLedger.Record("old"));
        }

        var rotated = AuditKey.FromBase64("scale-2", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        await using (PostgreSqlAuditLedger ledger = await PostgreSqlAuditLedger.OpenAsync(new PostgreSqlAuditLedgerOptions { ConnectionString = TestLedger.ConnectionString, Schema = t.Schema, Key = rotated }))
        {
            await ledger.WriteAsync(TestLedger.Record("new"));
        }

        AuditLedgerVerificationResult both = await PostgreSqlAuditVerifier.VerifyAsync(TestLedger.ConnectionString, [t.Key, rotated], t.Schema);
        AuditLedgerVerificationResult oldOnly = await t.VerifyAsync();

        Assert.True(both.IsIntact, both.Reason);
        Assert.Equal(3, both.LastSequence);
        Assert.Equal(AuditLedgerProblem.UnknownKey, oldOnly.Problem);
    }

    [PostgresFact]
    public async Task OpenAsync_NotMigrated_ThrowsSchemaExceptionAndCreatesNothing()
    {
        var t = new TestLedger();

        PostgreSqlAuditSchemaException ex = await Assert.ThrowsAsync<PostgreSqlAuditSchemaException>(() => t.OpenAsync());

        Assert.Equal(0, ex.DatabaseVersion);
        Assert.Equal(PostgreSqlAuditSchema.CurrentVersion, ex.CodeVersion);
        Assert.Equal(0, await PostgreSqlAuditSchema.GetVersionAsync(TestLedger.ConnectionString, t.Schema));
    }

    [PostgresFact]
    public async Task OpenAndMigrate_SchemaNewerThanCode_ThrowSchemaExceptionAndChangeNothing()
    {
        TestLedger t = await new TestLedger().MigrateAsync();
        await t.ExecuteAsync("UPDATE {s}.audit_schema_version SET version = 99");

        PostgreSqlAuditSchemaException open = await Assert.ThrowsAsync<PostgreSqlAuditSchemaException>(() => t.OpenAsync());
        PostgreSqlAuditSchemaException migrate = await Assert.ThrowsAsync<PostgreSqlAuditSchemaException>(() => PostgreSqlAuditSchema.MigrateAsync(TestLedger.ConnectionString, t.Schema));
        PostgreSqlAuditSchemaException verify = await Assert.ThrowsAsync<PostgreSqlAuditSchemaException>(() => t.VerifyAsync());

        Assert.Equal(99, open.DatabaseVersion);
        Assert.Equal(99, migrate.DatabaseVersion);
        Assert.Equal(99, verify.DatabaseVersion);
        Assert.Equal(99, await PostgreSqlAuditSchema.GetVersionAsync(TestLedger.ConnectionString, t.Schema));
    }

    [PostgresFact]
    public async Task MigrateAsync_Twice_IsANoOp()
    {
        var t = new TestLedger();
        Assert.Equal(0, await PostgreSqlAuditSchema.MigrateAsync(TestLedger.ConnectionString, t.Schema));
        Assert.Equal(1, await PostgreSqlAuditSchema.MigrateAsync(TestLedger.ConnectionString, t.Schema));
    }

    [PostgresFact]
    public async Task OpenAsync_WrongPassword_ThrowsAuditWriteExceptionWithoutThePassword()
    {
        TestLedger t = await new TestLedger().MigrateAsync();
        var builder = new NpgsqlConnectionStringBuilder(TestLedger.ConnectionString) { Password = "Wrong-Secret-Canary-7781" };

        AuditWriteException ex = await Assert.ThrowsAsync<AuditWriteException>(() => PostgreSqlAuditLedger.OpenAsync(new PostgreSqlAuditLedgerOptions { ConnectionString = builder.ConnectionString, Schema = t.Schema, Key = t.Key }));

        Assert.DoesNotContain("Wrong-Secret-Canary", ex.Message, StringComparison.Ordinal);
        Assert.Contains("login", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_UnreachableServer_ThrowsAuditWriteException()
    {
        AuditWriteException ex = await Assert.ThrowsAsync<AuditWriteException>(() => PostgreSqlAuditLedger.OpenAsync(new PostgreSqlAuditLedgerOptions
        {
            ConnectionString = "Host=127.0.0.1;Port=1;Username=u;Password=Secret-Canary-4410;Timeout=2",
            Key = AuditKey.FromBase64("k", Convert.ToBase64String(new byte[32])),
        }));

        Assert.DoesNotContain("Secret-Canary", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Bad-Name")]
    [InlineData("x; DROP TABLE y")]
    public async Task OpenAsync_InvalidSchemaName_ThrowsArgumentException(string schema)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => PostgreSqlAuditLedger.OpenAsync(new PostgreSqlAuditLedgerOptions
        {
            ConnectionString = "Host=127.0.0.1;Port=1",
            Schema = schema,
            Key = AuditKey.FromBase64("k", Convert.ToBase64String(new byte[32])),
        }));
    }

    [PostgresFact]
    public async Task WriteAsync_ServerGoneMidRun_FailsTypedAndAcknowledgesNothingUncommitted()
    {
        TestLedger t = await new TestLedger().MigrateAsync();
        await using PostgreSqlAuditLedger ledger = await t.OpenAsync();
        await ledger.WriteAsync(TestLedger.Record("before"));

        // The table disappears under the ledger (a stand-in for a dropped connection or a full disk: the batch's
        // transaction fails); the append fails typed, and the ledger goes on once the table is back.
        await t.ExecuteAsync("ALTER TABLE {s}.audit_ledger RENAME TO audit_ledger_away");
        await Assert.ThrowsAsync<AuditWriteException>(() => ledger.WriteAsync(TestLedger.Record("lost")).AsTask());
        await t.ExecuteAsync("ALTER TABLE {s}.audit_ledger_away RENAME TO audit_ledger");
        await ledger.WriteAsync(TestLedger.Record("after"));

        AuditLedgerVerificationResult result = await t.VerifyAsync();
        Assert.True(result.IsIntact, result.Reason);
        Assert.Equal(["before", "after"], await t.RecordIdsAsync());
    }
    [PostgresFact]
    public async Task WriteAsync_BatchOverTheByteLimit_SplitsIntoSeveralCommitsAndLosesNothing()
    {
        TestLedger t = await new TestLedger().MigrateAsync();
        const int Limit = 500; // about three of these records

        // Every read of the clock moves it on: each batch's lines carry a timestamp of their own.
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56)) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };
        await using (PostgreSqlAuditLedger ledger = await PostgreSqlAuditLedger.OpenAsync(
            new PostgreSqlAuditLedgerOptions { ConnectionString = TestLedger.ConnectionString, Schema = t.Schema, Key = t.Key, MaxBatchBytes = Limit },
            time))
        {
            await Task.WhenAll(Enumerable.Range(0, 300).Select(i => ledger.WriteAsync(TestLedger.Record($"r{i:000}")).AsTask()));
        }

        AuditLedgerVerificationResult result = await t.VerifyAsync();
        Assert.True(result.IsIntact, result.Reason);
        Assert.Equal(300, result.RecordCount);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"r{i:000}"), (await t.RecordIdsAsync()).Order(StringComparer.Ordinal));
        var batches = (await t.RowsAsync()).GroupBy(r => Timestamp(r.Line)).Select(g => g.Select(r => RecordBytes(r.Line)).ToList()).ToList();
        Assert.All(batches, batch => Assert.True(batch.Count == 1 || batch.Sum() <= Limit, $"a batch of {batch.Count} records, {batch.Sum()} bytes"));
        Assert.True(batches.Count >= batches.Sum(b => b.Sum()) / Limit, $"{batches.Count} commits");
    }

    [PostgresFact]
    public async Task WriteAsync_RecordLargerThanTheByteLimit_IsCommittedAloneInItsOwnBatch()
    {
        TestLedger t = await new TestLedger().MigrateAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56)) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };
        await using (PostgreSqlAuditLedger ledger = await PostgreSqlAuditLedger.OpenAsync(
            new PostgreSqlAuditLedgerOptions { ConnectionString = TestLedger.ConnectionString, Schema = t.Schema, Key = t.Key, MaxBatchBytes = 1 },
            time))
        {
            await Task.WhenAll(Enumerable.Range(0, 40).Select(i => ledger.WriteAsync(TestLedger.Record($"r{i:00}")).AsTask()));
        }

        AuditLedgerVerificationResult result = await t.VerifyAsync();
        Assert.True(result.IsIntact, result.Reason);
        Assert.Equal(40, result.RecordCount);
        Assert.Equal(40, (await t.RowsAsync()).Select(r => Timestamp(r.Line)).Distinct(StringComparer.Ordinal).Count());
    }

    [PostgresFact]
    public async Task WriteAsync_AnotherInstanceMovedTheHead_ChainsOntoItInsteadOfForking()
    {
        TestLedger t = await new TestLedger().MigrateAsync();
        await using PostgreSqlAuditLedger a = await t.OpenAsync();
        await using PostgreSqlAuditLedger b = await t.OpenAsync();

        // Each instance remembers the head its last batch left; the other one moves it in between every time.
        for (int i = 0; i < 5; i++)
        {
            await a.WriteAsync(TestLedger.Record($"a{i}"));
            await b.WriteAsync(TestLedger.Record($"b{i}"));
        }

        AuditLedgerVerificationResult result = await t.VerifyAsync();
        Assert.True(result.IsIntact, result.Reason);
        Assert.Equal(10, result.LastSequence);
        Assert.Equal(["a0", "b0", "a1", "b1", "a2", "b2", "a3", "b3", "a4", "b4"], await t.RecordIdsAsync());
    }

    [PostgresFact]
    public async Task WriteAsync_FailingBatchOfManyWaiters_FailsEveryOneAndTheLedgerGoesOn()
    {
        TestLedger t = await new TestLedger().MigrateAsync();
        await using PostgreSqlAuditLedger ledger = await t.OpenAsync(maxBatch: 16);
        await ledger.WriteAsync(TestLedger.Record("before"));

        await t.ExecuteAsync("ALTER TABLE {s}.audit_ledger RENAME TO audit_ledger_away");
        Task[] failing = [.. Enumerable.Range(0, 100).Select(i => ledger.WriteAsync(TestLedger.Record($"lost{i}")).AsTask())];
        foreach (Task append in failing)
        {
            await Assert.ThrowsAsync<AuditWriteException>(() => append);
        }

        await t.ExecuteAsync("ALTER TABLE {s}.audit_ledger_away RENAME TO audit_ledger");
        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => ledger.WriteAsync(TestLedger.Record($"after{i}")).AsTask()));

        AuditLedgerVerificationResult result = await t.VerifyAsync();
        Assert.True(result.IsIntact, result.Reason);
        List<string> stored = await t.RecordIdsAsync();
        Assert.Equal("before", stored[0]);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"after{i}").Order(StringComparer.Ordinal), stored.Skip(1).Order(StringComparer.Ordinal));
    }

    [PostgresFact]
    public async Task WriteAsync_ConnectionDroppedInsideABatch_SettlesItAndKeepsEveryRecordOnce()
    {
        TestLedger t = await new TestLedger().MigrateAsync();
        await using PostgreSqlAuditLedger ledger = await t.OpenAsync(maxBatch: 16);
        await ledger.WriteAsync(TestLedger.Record("before")); // the writer now knows the head: the next batch is one statement

        // Hold the table so the next batch's statement waits inside the server, then kill that statement's connection.
        await using var holder = new NpgsqlConnection(TestLedger.ConnectionString);
        await holder.OpenAsync();
        NpgsqlTransaction hold = await holder.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand($"LOCK TABLE {t.Schema}.audit_ledger IN ACCESS EXCLUSIVE MODE", holder, hold))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var appends = Enumerable.Range(0, 200).Select(i => (Id: $"r{i:000}", Task: ledger.WriteAsync(TestLedger.Record($"r{i:000}")).AsTask())).ToList();
        int killed = 0;
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            while (killed == 0)
            {
                await using var kill = new NpgsqlCommand(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND application_name = @s AND pid <> pg_backend_pid()",
                    holder);
                kill.Parameters.AddWithValue("s", t.Schema);
                killed = (int)(long)(await kill.ExecuteScalarAsync(timeout.Token))!;
                await Task.Delay(10, timeout.Token);
            }
        }

        await hold.RollbackAsync();
        var acknowledged = new List<string> { "before" };
        int failed = 0;
        foreach ((string id, Task task) in appends)
        {
            try
            {
                await task;
                acknowledged.Add(id);
            }
            catch (AuditWriteException)
            {
                failed++;
            }
        }

        await ledger.WriteAsync(TestLedger.Record("after"));
        acknowledged.Add("after");

        // The killed statement's outcome was unknown to the ledger: it looked on a fresh connection, found its rows
        // absent, and committed the batch again; nothing failed, nothing is there twice.
        Assert.Equal(1, killed);
        Assert.Equal(0, failed);
        Assert.Equal(1, ledger.Stats.SettledRetried);
        Assert.Equal(202, acknowledged.Count);
        AuditLedgerVerificationResult result = await t.VerifyAsync();
        Assert.True(result.IsIntact, result.Reason);
        Assert.Equal(acknowledged.Order(StringComparer.Ordinal), (await t.RecordIdsAsync()).Order(StringComparer.Ordinal));
    }

    [PostgresTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WriteAsync_DiskFullOnTheServer_FailsTypedAndLosesNothingAcknowledged(bool atCommit)
    {
        // No tmpfs can be mounted here (no CAP_SYS_ADMIN), so the server's "could not extend file" is raised by a
        // trigger with its SQLSTATE (53100 disk_full), in the INSERT or, deferred, inside the COMMIT.
        TestLedger t = await new TestLedger().MigrateAsync();
        await using PostgreSqlAuditLedger ledger = await t.OpenAsync(maxBatch: 16);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => ledger.WriteAsync(TestLedger.Record($"before{i:00}")).AsTask()));
        await t.ExecuteAsync($$"""
            CREATE FUNCTION {s}.disk_full() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full'; END $$;
            CREATE {{(atCommit ? "CONSTRAINT " : string.Empty)}}TRIGGER disk_full AFTER INSERT ON {s}.audit_ledger
              {{(atCommit ? "DEFERRABLE INITIALLY DEFERRED " : string.Empty)}}FOR EACH ROW EXECUTE FUNCTION {s}.disk_full();
            """);

        Task[] failing = [.. Enumerable.Range(0, 50).Select(i => ledger.WriteAsync(TestLedger.Record($"lost{i:00}")).AsTask())];
        foreach (Task append in failing)
        {
            AuditWriteException ex = await Assert.ThrowsAsync<AuditWriteException>(() => append);
            Assert.Equal("53100", Assert.IsType<PostgresException>(ex.InnerException).SqlState);
        }

        await t.ExecuteAsync("DROP TRIGGER disk_full ON {s}.audit_ledger");
        await ledger.WriteAsync(TestLedger.Record("after"));

        AuditLedgerVerificationResult result = await t.VerifyAsync();
        Assert.True(result.IsIntact, result.Reason);
        Assert.Equal(0, ledger.Stats.Settled); // the server reported the error: a definite rollback, nothing to settle
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"before{i:00}").Append("after").Order(StringComparer.Ordinal), (await t.RecordIdsAsync()).Order(StringComparer.Ordinal));
    }

    [PostgresFact]
    public async Task WriteAsync_AppendsArrivingWhileTheWriterWaitsForTheHeadLock_JoinItsBatch()
    {
        TestLedger t = await new TestLedger().MigrateAsync();
        await using PostgreSqlAuditLedger ledger = await t.OpenAsync();

        // Another instance holds the head: this ledger's first batch (head unknown: the locked path) waits for it.
        await using var other = new NpgsqlConnection(TestLedger.ConnectionString);
        await other.OpenAsync();
        NpgsqlTransaction hold = await other.BeginTransactionAsync();
        await using (var lockHead = new NpgsqlCommand($"SELECT 1 FROM {t.Schema}.audit_head WHERE id = 1 FOR UPDATE", other, hold))
        {
            await lockHead.ExecuteNonQueryAsync();
        }

        Task first = ledger.WriteAsync(TestLedger.Record("first")).AsTask();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            while (true)
            {
                await using var waiting = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = @s AND wait_event_type = 'Lock'", other);
                waiting.Parameters.AddWithValue("s", t.Schema);
                if ((long)(await waiting.ExecuteScalarAsync(timeout.Token))! == 1)
                {
                    break;
                }

                await Task.Delay(10, timeout.Token);
            }
        }

        Task[] later = [.. Enumerable.Range(0, 50).Select(i => ledger.WriteAsync(TestLedger.Record($"later{i:00}")).AsTask())];
        await hold.RollbackAsync();
        await Task.WhenAll([first, .. later]);

        Assert.Equal(1, ledger.Stats.Batches); // one commit for all 51
        Assert.Equal(51, ledger.Stats.Records);
        AuditLedgerVerificationResult result = await t.VerifyAsync();
        Assert.True(result.IsIntact, result.Reason);
        Assert.Equal(51, result.RecordCount);
    }

    private static int RecordBytes(byte[] line)
    {
        using JsonDocument doc = JsonDocument.Parse(Encoding.UTF8.GetString(line));
        return Encoding.UTF8.GetByteCount(doc.RootElement.GetProperty("rec").GetRawText());
    }

    private static string Timestamp(byte[] line)
    {
        using JsonDocument doc = JsonDocument.Parse(Encoding.UTF8.GetString(line));
        return doc.RootElement.GetProperty("ts").GetString()!;
    }
}
