using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Compliant.AI.Tests;

/// <summary>
/// The ledger's promise when a writer's host vanishes while it holds the chain's head (a partition or a frozen VM, not
/// a killed process: nothing closes the connection, so the server cannot tell the client is gone): the other instances
/// go on after a bounded stall, never an unbounded one, and the vanished writer, once back, settles its batch without
/// a duplicate or a lost acknowledged record. The partition is a <see cref="TcpProxy"/> that stops forwarding in both
/// directions without closing; the server's timeouts are set small through the ledger's options.
/// </summary>
[Collection(PostgresServerGroup.Name)]
public sealed class PostgreSqlAuditPartitionTests
{
    private static readonly DateTimeOffset SentAt = DateTimeOffset.UnixEpoch.AddYears(56);
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(2); // only so a broken build fails instead of hanging

    // Longer than the idle timeout by far: B must get the head when the server ends A's transaction, not give up first.
    private static readonly TimeSpan LongLockTimeout = TimeSpan.FromSeconds(60);

    [PostgresFact]
    public async Task WriteAsync_WriterVanishesHoldingTheHead_OtherInstanceGoesOnAndTheWriterSettlesOnceBack()
    {
        TestLedger t = await new TestLedger().MigrateAsync();
        var server = new NpgsqlConnectionStringBuilder(TestLedger.ConnectionString);
        await using var proxy = new TcpProxy(server.Host!, server.Port);
        await using PostgreSqlAuditLedger a = await OpenAsync(t, "a", proxy.Port, LongLockTimeout);
        await using PostgreSqlAuditLedger b = await OpenAsync(t, "b", port: null, LongLockTimeout);

        // A's first batch takes the locked path (it does not know the head yet). Hold the head so A's BEGIN + SELECT ...
        // FOR UPDATE waits in the server, then cut A's way to the server: when the lock is granted A gets the answer,
        // sends its statement + COMMIT into the void, and its session sits idle in its transaction holding the head.
        await using NpgsqlConnection holder = await HoldHeadAsync(t);
        Task[] fromA = [.. new[] { "a1", "a2", "a3" }.Select(id => a.WriteAsync(TestLedger.Record(id)).AsTask())];
        await WaitForAsync(holder, t.Schema + "_a", "wait_event_type = 'Lock'");
        proxy.BlackholeToServer();
        await using (var commit = new NpgsqlCommand("COMMIT", holder))
        {
            await commit.ExecuteNonQueryAsync();
        }

        await WaitForAsync(holder, t.Schema + "_a", "state = 'idle in transaction'", () => proxy.DroppedToServer > 0);
        proxy.BlackholeToClient(); // now a full partition: A's host is gone as far as anyone can tell

        // B waits for the head only until the server ends A's idle transaction (IdleInTransactionTimeout), then commits.
        Task[] fromB = [.. new[] { "b1", "b2", "b3" }.Select(id => b.WriteAsync(TestLedger.Record(id)).AsTask())];
        await Task.WhenAll(fromB).WaitAsync(Guard);
        Assert.All(fromA, task => Assert.False(task.IsCompleted));

        // The network returns: A learns its connection is gone, settles its batch on a fresh connection (its lines are
        // not in the table: the server rolled the transaction back), chains it onto B's head and commits it once.
        proxy.Heal();
        await Task.WhenAll(fromA).WaitAsync(Guard);

        AuditLedgerVerificationResult result = await t.VerifyAsync();
        Assert.True(result.IsIntact, result.Reason);
        Assert.Equal(["a1", "a2", "a3", "b1", "b2", "b3"], (await t.RecordIdsAsync()).Order(StringComparer.Ordinal));
        Assert.True(a.Stats.Settled >= 1); // its batch was settled (the server had rolled it back: chained again)
        Assert.True(a.Stats.SettledRetried >= 1);
    }

    [PostgresFact]
    public async Task WriteAsync_AnotherSessionHoldsTheHeadPastLockTimeout_FailsTypedWithoutWritingAndTheRetrySucceeds()
    {
        TestLedger t = await new TestLedger().MigrateAsync();
        await using PostgreSqlAuditLedger ledger = await OpenAsync(t, "w", port: null, TimeSpan.FromSeconds(1));
        await using NpgsqlConnection holder = await HoldHeadAsync(t); // e.g. an operator's open transaction in psql

        AuditWriteException ex = await Assert.ThrowsAsync<AuditWriteException>(() => ledger.WriteAsync(TestLedger.Record("refused")).AsTask().WaitAsync(Guard));
        await using (var commit = new NpgsqlCommand("COMMIT", holder))
        {
            await commit.ExecuteNonQueryAsync();
        }

        await ledger.WriteAsync(TestLedger.Record("retried")).AsTask().WaitAsync(Guard);

        Assert.Equal(PostgresErrorCodes.LockNotAvailable, Assert.IsType<PostgresException>(ex.InnerException).SqlState);
        Assert.Contains("LockTimeout", ex.Message, StringComparison.Ordinal);
        Assert.Contains("may be retried", ex.Message, StringComparison.Ordinal);
        AuditLedgerVerificationResult result = await t.VerifyAsync();
        Assert.True(result.IsIntact, result.Reason);
        Assert.Equal(["retried"], await t.RecordIdsAsync());
    }

    [PostgresFact]
    public async Task WriteAsync_StatementCutOffAndTheHeadLockedPastLockTimeoutWhileSettling_ReportsTheOutcomeUnknown()
    {
        TestLedger t = await new TestLedger().MigrateAsync();
        var server = new NpgsqlConnectionStringBuilder(TestLedger.ConnectionString);
        await using var proxy = new TcpProxy(server.Host!, server.Port);
        await using PostgreSqlAuditLedger ledger = await OpenAsync(t, "w", proxy.Port, TimeSpan.FromSeconds(5));
        await ledger.WriteAsync(TestLedger.Record("before")); // the writer knows the head: the next batch is one autocommit statement
        await using NpgsqlConnection holder = await HoldHeadAsync(t);

        Task append = ledger.WriteAsync(TestLedger.Record("x")).AsTask();
        await WaitForAsync(holder, t.Schema + "_w", "wait_event_type = 'Lock'"); // the statement waits for the head
        proxy.CutAll(); // its outcome is unknown now; the check on a fresh connection waits for the head too, past LockTimeout
        AuditWriteException ex = await Assert.ThrowsAsync<AuditWriteException>(() => append.WaitAsync(Guard));
        await using (var commit = new NpgsqlCommand("COMMIT", holder))
        {
            await commit.ExecuteNonQueryAsync();
        }

        await ledger.WriteAsync(TestLedger.Record("after")).AsTask().WaitAsync(Guard);

        // Not "rolled back": the server refused the check, not the statement, so nothing is claimed either way.
        Assert.Contains("could not be checked", ex.Message, StringComparison.Ordinal);
        AggregateException both = Assert.IsType<AggregateException>(ex.InnerException);
        Assert.Contains(both.InnerExceptions, e => e is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable });
        AuditLedgerVerificationResult result = await t.VerifyAsync();
        Assert.True(result.IsIntact, result.Reason);
        List<string> ids = await t.RecordIdsAsync();
        Assert.Equal(["after", "before"], ids.Where(id => id != "x").Order(StringComparer.Ordinal));
        Assert.True(ids.Count(id => id == "x") <= 1);
    }

    [PostgresFact]
    public async Task OpenAsync_SessionTimeouts_AreSetOnEveryConnectionOfTheLedger()
    {
        TestLedger t = await new TestLedger().MigrateAsync();
        var options = new PostgreSqlAuditLedgerOptions
        {
            ConnectionString = new NpgsqlConnectionStringBuilder(TestLedger.ConnectionString) { Options = "-c lock_timeout=1 -c application_name=mine" }.ConnectionString,
            Schema = t.Schema,
            Key = t.Key,
            IdleInTransactionTimeout = TimeSpan.FromMilliseconds(1500),
            LockTimeout = TimeSpan.FromSeconds(7),
            KeepAliveIdle = TimeSpan.FromSeconds(4),
            KeepAliveInterval = TimeSpan.FromSeconds(3),
            KeepAliveCount = 5,
        };
        await using PostgreSqlAuditLedger ledger = await PostgreSqlAuditLedger.OpenAsync(options);
        await using NpgsqlConnection connection = await ledger.OpenConnectionAsync();
        await using var read = new NpgsqlCommand(
            """
            SELECT name, setting FROM pg_settings
            WHERE name IN ('idle_in_transaction_session_timeout', 'lock_timeout', 'tcp_keepalives_idle', 'tcp_keepalives_interval',
                           'tcp_keepalives_count', 'tcp_user_timeout', 'application_name')
            ORDER BY name
            """,
            connection);
        var settings = new List<string>();
        await using (NpgsqlDataReader reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                settings.Add(reader.GetString(0) + "=" + reader.GetString(1));
            }
        }

        // The connection string's own options stay (application_name); the ledger's settings win where both set one.
        Assert.Equal(
            [
                "application_name=mine", "idle_in_transaction_session_timeout=1500", "lock_timeout=7000", "tcp_keepalives_count=5",
                "tcp_keepalives_idle=4", "tcp_keepalives_interval=3", "tcp_user_timeout=19000",
            ],
            settings);
    }

    private static Task<PostgreSqlAuditLedger> OpenAsync(TestLedger t, string instance, int? port, TimeSpan lockTimeout)
    {
        // A long command timeout: the client must learn of the partition from the network returning, not from giving up.
        var builder = new NpgsqlConnectionStringBuilder(TestLedger.ConnectionString) { ApplicationName = t.Schema + "_" + instance, Timeout = 5, CommandTimeout = 300 };
        if (port is int p)
        {
            builder.Host = "127.0.0.1";
            builder.Port = p;
        }

        return PostgreSqlAuditLedger.OpenAsync(
            new PostgreSqlAuditLedgerOptions
            {
                ConnectionString = builder.ConnectionString,
                Schema = t.Schema,
                Key = t.Key,
                IdleInTransactionTimeout = TimeSpan.FromSeconds(lockTimeout == LongLockTimeout ? 2 : 1),
                LockTimeout = lockTimeout,
            },
            new FakeTimeProvider(SentAt));
    }

    /// <summary>Opens a transaction that locks the head row, as another writer between its two round trips would.</summary>
    private static async Task<NpgsqlConnection> HoldHeadAsync(TestLedger t)
    {
        var holder = new NpgsqlConnection(TestLedger.ConnectionString);
        await holder.OpenAsync();
        await using var lockHead = new NpgsqlCommand($"BEGIN; SELECT seq FROM {t.Schema}.audit_head WHERE id = 1 FOR UPDATE", holder);
        await lockHead.ExecuteNonQueryAsync();
        return holder;
    }

    /// <summary>Waits until the session with this application name is in the given state (and <paramref name="also"/> holds).</summary>
    private static async Task WaitForAsync(NpgsqlConnection observer, string applicationName, string condition, Func<bool>? also = null)
    {
        // The observer may sit in an open transaction (the holder): pg_stat_activity is read fresh per statement only
        // outside one, so read it through a connection of its own.
        await using var connection = new NpgsqlConnection(TestLedger.ConnectionString);
        await connection.OpenAsync();
        using var timeout = new CancellationTokenSource(Guard);
        while (true)
        {
            await using var find = new NpgsqlCommand($"SELECT count(*) FROM pg_stat_activity WHERE application_name = @a AND {condition}", connection);
            find.Parameters.AddWithValue("a", applicationName);
            if ((long)(await find.ExecuteScalarAsync(timeout.Token))! > 0 && (also is null || also()))
            {
                return;
            }

            await Task.Delay(10, timeout.Token);
        }
    }
}
