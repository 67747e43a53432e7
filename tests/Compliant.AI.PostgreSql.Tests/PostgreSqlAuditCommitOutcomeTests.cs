using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Compliant.AI.Tests;

/// <summary>
/// The ledger's promise when a connection is lost while its batch commits (the outcome the server never reported):
/// every acknowledged record is in the chain exactly once, nothing unacknowledged is claimed, nothing is written twice.
/// The commit is held inside the server by a deferred constraint trigger that waits on an advisory lock this test
/// holds, so the test can cut the connection or kill the backend at exactly that moment.
/// </summary>
[Collection(PostgresServerGroup.Name)]
public sealed class PostgreSqlAuditCommitOutcomeTests
{
    private static readonly DateTimeOffset SentAt = DateTimeOffset.UnixEpoch.AddYears(56);
    private static readonly string[] Ids = ["a", "b", "c", "d"];

    [PostgresFact]
    public async Task WriteAsync_ConnectionLostWhileTheCommitCompletes_AcknowledgesTheCommittedRowsWithoutWritingThemAgain()
    {
        TestLedger t = await new TestLedger().MigrateAsync();
        var server = new NpgsqlConnectionStringBuilder(TestLedger.ConnectionString);
        await using var proxy = new TcpProxy(server.Host!, server.Port);
        var time = new FakeTimeProvider(SentAt);
        await using PostgreSqlAuditLedger ledger = await OpenAsync(t, time, proxy.Port);
        await ledger.WriteAsync(TestLedger.Record("before")); // the writer knows the head: the next batch is one autocommit statement
        await using NpgsqlConnection holder = await HoldNextCommitAsync(t);

        Task[] appends = [.. Ids.Select(id => ledger.WriteAsync(TestLedger.Record(id)).AsTask())];
        await WaitForHeldCommitAsync(holder, t);
        time.Advance(TimeSpan.FromMinutes(1)); // lines chained again from here on would carry a later timestamp
        int cut = proxy.CutAll(); // the client's connection is gone; the server's backend is still inside COMMIT
        await ReleaseAsync(holder, t); // ... and now finishes it: the rows are committed, the answer goes nowhere
        await Task.WhenAll(appends);

        Assert.Equal(1, cut);
        AuditLedgerVerificationResult result = await t.VerifyAsync();
        Assert.True(result.IsIntact, result.Reason);
        Assert.Equal(["a", "b", "before", "c", "d"], (await t.RecordIdsAsync()).Order(StringComparer.Ordinal));
        Assert.Equal(1, ledger.Stats.Settled);
        Assert.Equal(1, ledger.Stats.SettledCommitted);
        Assert.Equal(0, ledger.Stats.SettledRetried);

        // The held batch's lines are the ones first sent (the first timestamp), not a second copy chained later.
        Assert.True(await LinesSentAtAsync(t) >= 2);
    }

    [PostgresFact]
    public async Task WriteAsync_BackendKilledInsideTheCommit_CommitsTheBatchOnceOnAFreshConnection()
    {
        TestLedger t = await new TestLedger().MigrateAsync();
        var time = new FakeTimeProvider(SentAt);
        await using PostgreSqlAuditLedger ledger = await OpenAsync(t, time, port: null);
        await ledger.WriteAsync(TestLedger.Record("before"));
        await using NpgsqlConnection holder = await HoldNextCommitAsync(t);

        Task[] appends = [.. Ids.Select(id => ledger.WriteAsync(TestLedger.Record(id)).AsTask())];
        int pid = await WaitForHeldCommitAsync(holder, t);
        time.Advance(TimeSpan.FromMinutes(1));
        await using (var kill = new NpgsqlCommand("SELECT pg_terminate_backend(@p)", holder))
        {
            kill.Parameters.AddWithValue("p", pid);
            Assert.True((bool)(await kill.ExecuteScalarAsync())!);
        }

        await ReleaseAsync(holder, t);
        await Task.WhenAll(appends); // acknowledged: the killed transaction rolled back, the batch was committed again

        AuditLedgerVerificationResult result = await t.VerifyAsync();
        Assert.True(result.IsIntact, result.Reason);
        Assert.Equal(["a", "b", "before", "c", "d"], (await t.RecordIdsAsync()).Order(StringComparer.Ordinal));
        Assert.Equal(1, ledger.Stats.Settled);
        Assert.Equal(0, ledger.Stats.SettledCommitted);
        Assert.Equal(1, ledger.Stats.SettledRetried);
        Assert.Equal(1, await LinesSentAtAsync(t)); // only "before": the killed lines never reached the table
    }

    [PostgresFact]
    public async Task WriteAsync_ConnectionLostAndServerUnreachableForTheCheck_FailsTypedAndNeverClaimsTheRecords()
    {
        TestLedger t = await new TestLedger().MigrateAsync();
        var server = new NpgsqlConnectionStringBuilder(TestLedger.ConnectionString);
        var proxy = new TcpProxy(server.Host!, server.Port);
        await using PostgreSqlAuditLedger ledger = await OpenAsync(t, new FakeTimeProvider(SentAt), proxy.Port);
        await ledger.WriteAsync(TestLedger.Record("before"));
        await using NpgsqlConnection holder = await HoldNextCommitAsync(t);

        Task append = ledger.WriteAsync(TestLedger.Record("a")).AsTask();
        await WaitForHeldCommitAsync(holder, t);
        await proxy.DisposeAsync(); // the connection is cut and the proxy no longer listens: the outcome cannot be checked
        AuditWriteException ex = await Assert.ThrowsAsync<AuditWriteException>(() => append);
        await ReleaseAsync(holder, t);
        await WaitUntilGoneAsync(holder, t); // the held backend finishes its commit, then finds its client gone

        Assert.Contains("could not be checked", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, ledger.Stats.Settled);

        // The server did commit it: not acknowledged, but in the chain once, and the chain verifies.
        AuditLedgerVerificationResult result = await t.VerifyAsync();
        Assert.True(result.IsIntact, result.Reason);
        Assert.Equal(["before", "a"], await t.RecordIdsAsync());
    }

    private static Task<PostgreSqlAuditLedger> OpenAsync(TestLedger t, TimeProvider time, int? port)
    {
        var builder = new NpgsqlConnectionStringBuilder(TestLedger.ConnectionString) { ApplicationName = t.Schema, Timeout = 5 };
        if (port is int p)
        {
            builder.Host = "127.0.0.1";
            builder.Port = p;
        }

        return PostgreSqlAuditLedger.OpenAsync(new PostgreSqlAuditLedgerOptions { ConnectionString = builder.ConnectionString, Schema = t.Schema, Key = t.Key }, time);
    }

    /// <summary>Makes the next transaction that inserts ledger rows wait inside its COMMIT (deferred trigger) until <see cref="ReleaseAsync"/>.</summary>
    private static async Task<NpgsqlConnection> HoldNextCommitAsync(TestLedger t)
    {
        await t.ExecuteAsync("""
            CREATE SEQUENCE {s}.commit_gate;
            CREATE FUNCTION {s}.hold_commit() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF nextval('{s}.commit_gate') = 1 THEN PERFORM pg_advisory_xact_lock(hashtext('{s}')); END IF;
              RETURN NULL;
            END $$;
            CREATE CONSTRAINT TRIGGER hold_commit AFTER INSERT ON {s}.audit_ledger
              DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {s}.hold_commit();
            """);
        var holder = new NpgsqlConnection(TestLedger.ConnectionString);
        await holder.OpenAsync();
        await using var take = new NpgsqlCommand($"SELECT pg_advisory_lock(hashtext('{t.Schema}'))", holder);
        await take.ExecuteNonQueryAsync();
        return holder;
    }

    private static async Task<int> WaitForHeldCommitAsync(NpgsqlConnection holder, TestLedger t)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            await using var find = new NpgsqlCommand(
                "SELECT pid FROM pg_stat_activity WHERE application_name = @s AND wait_event_type = 'Lock' AND wait_event = 'advisory'",
                holder);
            find.Parameters.AddWithValue("s", t.Schema);
            if (await find.ExecuteScalarAsync(timeout.Token) is int pid)
            {
                return pid;
            }

            await Task.Delay(10, timeout.Token);
        }
    }

    private static async Task WaitUntilGoneAsync(NpgsqlConnection holder, TestLedger t)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = @s", holder);
            count.Parameters.AddWithValue("s", t.Schema);
            if ((long)(await count.ExecuteScalarAsync(timeout.Token))! == 0)
            {
                return;
            }

            await Task.Delay(10, timeout.Token);
        }
    }

    private static async Task ReleaseAsync(NpgsqlConnection holder, TestLedger t)
    {
        await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock(hashtext('{t.Schema}'))", holder);
        await release.ExecuteNonQueryAsync();
    }

    /// <summary>How many lines carry the first timestamp (lines chained before the held commit).</summary>
    private static async Task<int> LinesSentAtAsync(TestLedger t)
    {
        List<string> stamps = [];
        foreach ((_, byte[] line) in await t.RowsAsync())
        {
            using JsonDocument doc = JsonDocument.Parse(Encoding.UTF8.GetString(line));
            stamps.Add(doc.RootElement.GetProperty("ts").GetString()!);
        }

        return stamps.Count(s => s == stamps[0]);
    }
}
