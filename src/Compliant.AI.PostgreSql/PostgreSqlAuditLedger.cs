using System.Runtime.CompilerServices;
using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Compliant.AI.Auditing.Internal;
using Compliant.AI.Internal;
using Compliant.AI.PostgreSql.Internal;
using Npgsql;
using NpgsqlTypes;

namespace Compliant.AI;

/// <summary>An audit ledger in PostgreSQL: the file ledger's lines, bytes and MAC chain, one chain across every instance.</summary>
/// <remarks>
/// <para>
/// <b>Same chain as the file ledger.</b> Each row of <c>audit_ledger</c> holds one line exactly as
/// <see cref="FileAuditLedger"/> would write it: the record's canonical JSON, the sequence number, timestamp, key id and
/// the HMAC-SHA256 link to the previous line. Concatenated in sequence order, the rows are a valid ledger file, so the
/// same verifier checks both (<see cref="PostgreSqlAuditVerifier"/>, <c>compliant audit verify --connection-string</c>).
/// </para>
/// <para>
/// <b>One sequencer.</b> The single <c>audit_head</c> row holds the chain's last sequence number and MAC. A batch moves it
/// with a compare-and-set (<c>UPDATE … WHERE seq = the head it chained from AND mac = …</c>) in the same statement that
/// inserts its lines, so two instances can never both extend the same head: the second one's statement waits for the
/// first's row lock, then finds the head moved and changes nothing. A writer that does not know the committed head (at
/// start, after a failure, or after losing such a race) takes the locked path in two round trips: <c>BEGIN</c> and
/// <c>SELECT … FOR UPDATE</c> on the head, then the statement and <c>COMMIT</c>; appends that arrived while it waited
/// for the lock join the batch. After losing a race it stays on the locked path until a batch finds the head where it
/// left it. A crashed or killed writer's statement or transaction rolls back whole and the next writer continues from
/// the committed head.
/// </para>
/// <para>
/// <b>Group commit.</b> Concurrent appends of one instance queue (bounded: <see cref="PostgreSqlAuditLedgerOptions.QueueCapacity"/>;
/// a full queue makes <see cref="WriteAsync"/> wait) and are written by one writer loop: everything waiting, up to
/// <see cref="PostgreSqlAuditLedgerOptions.MaxBatchRecords"/> records and about 16 MiB, goes in one prepared statement
/// (the lines as two array parameters) that commits on its own: one round trip and one WAL flush per batch while this
/// instance holds the head. An append completes only after its batch committed (PostgreSQL's
/// <c>synchronous_commit</c> decides what committed means: keep it <c>on</c>).
/// </para>
/// <para>
/// <b>Failures.</b> When the server reports an error for a batch (unreachable, wrong password, disk full, …) its
/// statement or transaction rolled back and every append in it fails with <see cref="AuditWriteException"/>; the ledger
/// keeps accepting appends and the next batch starts again from the committed head: there is no half-written state to
/// repair. When the connection is lost while the batch's statement or <c>COMMIT</c> runs (the outcome was never
/// reported), the batch is settled on a fresh connection: under the head's lock the rows at its sequence numbers are
/// compared byte for byte with what this writer sent; if they are there the appends are acknowledged, if not the batch
/// is chained again and committed in that locked transaction (which also fences the lost statement: the head it
/// chained from is gone). Only when that check cannot run do the appends fail with the outcome unknown (their records
/// may then be in the chain, once). No append is acknowledged unless its line is in the table, and none is there twice.
/// A writer whose host vanishes without closing its sockets (partition, frozen VM) while its transaction holds the head
/// stalls the other instances only until the server ends its session: every session of the ledger sets
/// <c>idle_in_transaction_session_timeout</c> (<see cref="PostgreSqlAuditLedgerOptions.IdleInTransactionTimeout"/>) and
/// TCP keepalives with <c>tcp_user_timeout</c> (<see cref="PostgreSqlAuditLedgerOptions.KeepAliveIdle"/> and the two
/// after it), and a waiter gives up after <c>lock_timeout</c> (<see cref="PostgreSqlAuditLedgerOptions.LockTimeout"/>)
/// with <see cref="AuditWriteException"/>, nothing written.
/// What the auditing stage does on a failed append — refuse the answer or let it through — is its
/// <see cref="AuditFailurePolicy"/>, exactly as with the file ledger.
/// </para>
/// <para>
/// <b>A database owner can rewrite a table.</b> The MAC chain detects any change, removal or reordering of rows
/// before the head, but whoever holds the key and owns the tables can rewrite the tail and the head together. Give it a
/// witness elsewhere (<see cref="PostgreSqlAuditLedgerOptions.Witness"/>: a <see cref="FileAuditCheckpointWitness"/>, another
/// database) and the append-only grants and trigger of docs/audit.md.
/// </para>
/// <para>All members are thread-safe.</para>
/// </remarks>
public sealed class PostgreSqlAuditLedger : IAuditSink, IAsyncDisposable
{
    private readonly PostgreSqlAuditLedgerOptions _options;
    private readonly string _schema;
    private readonly LedgerKeys _keys;
    private readonly TimeProvider _time;
    private readonly NpgsqlDataSource _dataSource;
    private readonly Channel<PendingAppend> _queue;
    private readonly Task _writer;
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly string _appendSql;
    private readonly string _readHeadForUpdateSql;
    private readonly LedgerStats _stats = new();
    private ChainHead? _head;
    private PendingAppend? _carried;
    private bool _contended;
    private long _witnessedSeq;
    private int _disposed;

    private PostgreSqlAuditLedger(PostgreSqlAuditLedgerOptions options, LedgerKeys keys, TimeProvider time, NpgsqlDataSource dataSource)
    {
        _options = options;
        _schema = options.Schema;
        _keys = keys;
        _time = time;
        _dataSource = dataSource;

        // Moves the head from exactly where the caller chained from (compare-and-set) and inserts the batch's lines, in
        // one statement: all of it or, when the head is elsewhere, nothing (the INSERT reads the UPDATE's result).
        _appendSql = $"""
            WITH moved AS (
              UPDATE {_schema}.audit_head SET seq = $1, mac = $2, key_id = $3, ts = $4
              WHERE id = 1 AND seq = $5 AND mac = $6
              RETURNING 1)
            INSERT INTO {_schema}.audit_ledger (seq, line)
            SELECT u.seq, u.line FROM unnest($7::bigint[], $8::bytea[]) AS u(seq, line)
            WHERE EXISTS (SELECT 1 FROM moved)
            """;
        _readHeadForUpdateSql = $"SELECT seq, mac, key_id, ts FROM {_schema}.audit_head WHERE id = 1 FOR UPDATE";
        _queue = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writer = Task.Run(WriterLoopAsync);
    }

    /// <summary>Gets the writer loop's counters (batches, lost compare-and-sets, lock waits, settled commits); for tests and benchmarks.</summary>
    internal LedgerStats Stats => _stats;

    /// <summary>Opens the ledger after checking that the database is reachable and its schema is at this code's version.</summary>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock for line timestamps; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="cancellationToken">A token to cancel opening.</param>
    /// <returns>The open ledger.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="PostgreSqlAuditSchemaException">The schema is missing, older or newer than this code.</exception>
    /// <exception cref="AuditWriteException">The database cannot be reached or refused the login.</exception>
    public static async Task<PostgreSqlAuditLedger> OpenAsync(PostgreSqlAuditLedgerOptions options, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new ArgumentException("PostgreSqlAuditLedgerOptions.ConnectionString is required.", nameof(options));
        }

        if (options.Key is null)
        {
            throw new ArgumentException("PostgreSqlAuditLedgerOptions.Key is required.", nameof(options));
        }

        if (options.QueueCapacity < 1 || options.MaxBatchRecords < 1 || options.MaxRecordBytes < 1024 || options.MaxBatchBytes < 1 || options.WitnessRecordInterval < 1)
        {
            throw new ArgumentException("QueueCapacity, MaxBatchRecords and WitnessRecordInterval must be positive and MaxRecordBytes at least 1024.", nameof(options));
        }

        ValidateSessionTimeouts(options);

        var copy = new PostgreSqlAuditLedgerOptions
        {
            ConnectionString = options.ConnectionString,
            Schema = SqlNames.Schema(options.Schema),
            Key = options.Key,
            QueueCapacity = options.QueueCapacity,
            MaxBatchRecords = options.MaxBatchRecords,
            MaxRecordBytes = options.MaxRecordBytes,
            MaxBatchBytes = options.MaxBatchBytes,
            Witness = options.Witness,
            WitnessRecordInterval = options.WitnessRecordInterval,
            IdleInTransactionTimeout = options.IdleInTransactionTimeout,
            LockTimeout = options.LockTimeout,
            KeepAliveIdle = options.KeepAliveIdle,
            KeepAliveInterval = options.KeepAliveInterval,
            KeepAliveCount = options.KeepAliveCount,
        };
        NpgsqlDataSource dataSource = NpgsqlDataSource.Create(WithSessionSettings(copy));
        try
        {
            {
                NpgsqlConnection connection = await PostgreSqlErrors.OpenAsync(dataSource, cancellationToken).ConfigureAwait(false);
                await using ConfiguredAsyncDisposable connectionDisposal = connection.ConfigureAwait(false);
                await PostgreSqlAuditSchema.EnsureCurrentAsync(connection, copy.Schema, cancellationToken).ConfigureAwait(false);
            }

            return new PostgreSqlAuditLedger(copy, LedgerKeys.From(copy.Key), timeProvider ?? TimeProvider.System, dataSource);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Opens a connection of the ledger's pool (with its session settings); for tests.</summary>
    internal ValueTask<NpgsqlConnection> OpenConnectionAsync() => _dataSource.OpenConnectionAsync();

    private static void ValidateSessionTimeouts(PostgreSqlAuditLedgerOptions options)
    {
        if (options.IdleInTransactionTimeout < TimeSpan.FromMilliseconds(100) || options.IdleInTransactionTimeout > TimeSpan.FromHours(1))
        {
            throw new ArgumentException("IdleInTransactionTimeout must be between 100 ms and 1 hour.", nameof(options));
        }

        if (options.LockTimeout < options.IdleInTransactionTimeout || options.LockTimeout > TimeSpan.FromHours(1))
        {
            throw new ArgumentException("LockTimeout must be at least IdleInTransactionTimeout (a writer waiting for the head must outlast one that vanished holding it) and at most 1 hour.", nameof(options));
        }

        if (!IsWholeSeconds(options.KeepAliveIdle, TimeSpan.FromHours(1)) || !IsWholeSeconds(options.KeepAliveInterval, TimeSpan.FromMinutes(10)))
        {
            throw new ArgumentException("KeepAliveIdle (at most 1 hour) and KeepAliveInterval (at most 10 minutes) must be whole seconds, at least 1 second.", nameof(options));
        }

        if (options.KeepAliveCount is < 1 or > 100)
        {
            throw new ArgumentException("KeepAliveCount must be between 1 and 100.", nameof(options));
        }

        static bool IsWholeSeconds(TimeSpan value, TimeSpan max) =>
            value >= TimeSpan.FromSeconds(1) && value <= max && value.Ticks % TimeSpan.TicksPerSecond == 0;
    }

    /// <summary>
    /// The connection string with the session settings that bound how long a vanished writer can hold the head:
    /// sent in the start-up packet (no extra round trip), after any options of the connection string (so these win),
    /// plus TCP keepalives on the client's socket.
    /// </summary>
    private static string WithSessionSettings(PostgreSqlAuditLedgerOptions options)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        long keepAliveIdle = (long)options.KeepAliveIdle.TotalSeconds;
        long keepAliveInterval = (long)options.KeepAliveInterval.TotalSeconds;
        long userTimeoutMs = (keepAliveIdle + (keepAliveInterval * options.KeepAliveCount)) * 1000;
        string settings = string.Create(
            CultureInfo.InvariantCulture,
            $"-c idle_in_transaction_session_timeout={(long)Math.Ceiling(options.IdleInTransactionTimeout.TotalMilliseconds)} -c lock_timeout={(long)Math.Ceiling(options.LockTimeout.TotalMilliseconds)} -c tcp_keepalives_idle={keepAliveIdle} -c tcp_keepalives_interval={keepAliveInterval} -c tcp_keepalives_count={options.KeepAliveCount} -c tcp_user_timeout={userTimeoutMs}");
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? settings : builder.Options + " " + settings;
        builder.TcpKeepAlive = true;
        builder.TcpKeepAliveTime = (int)keepAliveIdle;
        builder.TcpKeepAliveInterval = (int)keepAliveInterval;
        return builder.ConnectionString;
    }

    /// <inheritdoc />
    /// <exception cref="AuditRecordTooLargeException">The record is larger than <see cref="PostgreSqlAuditLedgerOptions.MaxRecordBytes"/>.</exception>
    /// <exception cref="AuditWriteException">The batch holding the record did not commit; the record is not acknowledged.</exception>
    public async ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(record);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(record, AuditJsonContext.Default.AuditRecord);
        if (bytes.Length > _options.MaxRecordBytes)
        {
            throw new AuditRecordTooLargeException(string.Create(CultureInfo.InvariantCulture, $"The audit record is {bytes.Length} bytes serialized; the ledger accepts at most {_options.MaxRecordBytes} bytes (MaxRecordBytes). Nothing was written."));
        }

        var pending = new PendingAppend(bytes, 0);
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(PostgreSqlAuditLedger));
        }

        await pending.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops accepting appends, commits every queued append and closes the connections.</summary>
    /// <returns>A task that completes when the ledger is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    private async Task WriterLoopAsync()
    {
        var batch = new List<PendingAppend>(Math.Min(_options.MaxBatchRecords, 1024));
        while (_carried is not null || await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            // Take what is waiting, up to MaxBatchRecords and about MaxBatchBytes (one record always fits): one batch,
            // one statement, one commit. The first record past the byte limit starts the next batch.
            batch.Clear();
            FillBatch(batch);
            try
            {
                long start = Stopwatch.GetTimestamp();
                ChainHead committed = await CommitBatchAsync(batch).ConfigureAwait(false);
                Interlocked.Add(ref _stats.CommitTicks, Stopwatch.GetTimestamp() - start);
                Interlocked.Increment(ref _stats.Batches);
                Interlocked.Add(ref _stats.Records, batch.Count);
                foreach (PendingAppend p in batch)
                {
                    p.TrySetResult();
                }

                await PublishWitnessAsync(committed).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // A batch whose commit was cut off and could not be settled says so itself; any other failure was
                // reported by the server or happened before the commit: it rolled back.
                AuditWriteException failure = ex switch
                {
                    AuditWriteException { InnerException: AggregateException } unsettled => unsettled,
                    PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable } => new AuditWriteException("The audit records could not be committed to PostgreSQL: another session held the chain's head longer than LockTimeout; the batch was rolled back, nothing of it is acknowledged, and the append may be retried.", ex),
                    _ => new AuditWriteException("The audit records could not be committed to PostgreSQL: the batch's statement or transaction failed and was rolled back; nothing of it is acknowledged.", ex),
                };
                foreach (PendingAppend p in batch)
                {
                    p.TrySetException(failure);
                }
            }
        }
    }

    /// <summary>Adds waiting appends to <paramref name="batch"/> up to MaxBatchRecords and about MaxBatchBytes (the record that would pass the byte limit is carried to the next batch).</summary>
    private void FillBatch(List<PendingAppend> batch)
    {
        long bytes = 0;
        foreach (PendingAppend p in batch)
        {
            bytes += p.Record.Length;
        }

        if (_carried is not null)
        {
            if (batch.Count > 0 && bytes + _carried.Record.Length > _options.MaxBatchBytes)
            {
                return;
            }

            batch.Add(_carried);
            bytes += _carried.Record.Length;
            _carried = null;
        }

        while (batch.Count < _options.MaxBatchRecords && _queue.Reader.TryRead(out PendingAppend? pending))
        {
            if (batch.Count > 0 && bytes + pending.Record.Length > _options.MaxBatchBytes)
            {
                _carried = pending;
                return;
            }

            batch.Add(pending);
            bytes += pending.Record.Length;
        }
    }

    /// <summary>Commits one batch and returns the head it led to.</summary>
    /// <remarks>
    /// Fast path (this writer knows the head because its last batch committed): one prepared statement in autocommit moves
    /// the head from exactly where this writer left it (compare-and-set on sequence and MAC) and inserts the lines —
    /// one round trip, one commit. When another instance moved the head in between, the statement changes nothing and
    /// the batch takes the locked path: lock the head row, chain onto what it holds, the same statement, commit.
    /// A failure whose outcome the server did not report (connection lost during the statement or its commit) is
    /// settled on a fresh connection (<see cref="SettleAsync"/>).
    /// </remarks>
    private async Task<ChainHead> CommitBatchAsync(List<PendingAppend> batch)
    {
        // Unknown until this batch's outcome is known: a failure sends the next batch through the locked path, which
        // reads the committed head.
        ChainHead? known = _head;
        _head = null;
        ChainedBatch? inFlight = null;
        try
        {
            NpgsqlConnection connection = await PostgreSqlErrors.OpenAsync(_dataSource, CancellationToken.None).ConfigureAwait(false);
            await using ConfiguredAsyncDisposable connectionDisposal = connection.ConfigureAwait(false);
            if (known is not null && !_contended)
            {
                ChainedBatch optimistic = Chain(batch, known);
                inFlight = optimistic;
                if (await TryAppendAsync(connection, null, optimistic).ConfigureAwait(false))
                {
                    _head = optimistic.To;
                    return optimistic.To;
                }

                // The statement reported that it changed nothing: another instance writes too. Until a batch finds the
                // head where this writer left it, skip the compare-and-set (it would wait for the other writer's commit
                // only to fail) and take the lock straight away.
                inFlight = null;
                _contended = true;
                Interlocked.Increment(ref _stats.CasLost);
            }

            // Locked path, two round trips: BEGIN + lock and read the head; then the statement + COMMIT.
            Interlocked.Increment(ref _stats.Locked);
            long waitStart = Stopwatch.GetTimestamp();
            ChainHead locked = await BeginAndReadHeadForUpdateAsync(connection).ConfigureAwait(false);
            Interlocked.Add(ref _stats.LockWaitTicks, Stopwatch.GetTimestamp() - waitStart);
            if (known is not null && locked.Seq == known.Seq && locked.Mac.AsSpan().SequenceEqual(known.Mac))
            {
                _contended = false; // nobody moved the head since this writer's last batch
            }

            // Appends that arrived while this writer waited for the lock ride along in this commit.
            FillBatch(batch);
            ChainedBatch chained = Chain(batch, locked);
            inFlight = chained;
            await AppendAndCommitAsync(connection, chained).ConfigureAwait(false);
            _head = chained.To;
            return chained.To;
        }
        catch (Exception ex) when (inFlight is not null && IsOutcomeUnknown(ex))
        {
            return await SettleAsync(batch, inFlight, ex).ConfigureAwait(false);
        }
    }

    /// <summary>Opens a transaction and locks and reads the head row, in one round trip.</summary>
    private async Task<ChainHead> BeginAndReadHeadForUpdateAsync(NpgsqlConnection connection)
    {
        var read = new NpgsqlBatch(connection)
        {
            BatchCommands = { new NpgsqlBatchCommand("BEGIN"), new NpgsqlBatchCommand(_readHeadForUpdateSql) },
        };
        await using ConfiguredAsyncDisposable readDisposal = read.ConfigureAwait(false);
        NpgsqlDataReader reader = await read.ExecuteReaderAsync().ConfigureAwait(false);
        await using ConfiguredAsyncDisposable readerDisposal = reader.ConfigureAwait(false);
        return await ReadHeadAsync(reader).ConfigureAwait(false);
    }

    /// <summary>Runs the append statement and COMMIT in one round trip, inside the transaction that locked the head.</summary>
    private async Task AppendAndCommitAsync(NpgsqlConnection connection, ChainedBatch chained)
    {
        var append = new NpgsqlBatch(connection);
        await using ConfiguredAsyncDisposable appendDisposal = append.ConfigureAwait(false);
        var statement = new NpgsqlBatchCommand(_appendSql);
        AddAppendParameters(statement.Parameters, chained);
        append.BatchCommands.Add(statement);
        append.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        await append.ExecuteNonQueryAsync().ConfigureAwait(false);
        if (statement.RecordsAffected != chained.Lines.Length)
        {
            // The COMMIT ran and committed nothing (the statement changed no row).
            throw new PostgreSqlAuditSchemaException("The audit head changed while this writer held its lock: the head row was tampered with.");
        }
    }

    /// <summary>
    /// Whether a failure of a statement that could commit leaves its outcome unknown: anything but an error the server
    /// reported for the statement (which rolled it back) — a lost connection, a timeout, a FATAL termination.
    /// </summary>
    private static bool IsOutcomeUnknown(Exception ex) =>
        ex is not (PostgresException { InvariantSeverity: "ERROR" } or PostgreSqlAuditSchemaException or InvalidOperationException)
        && ex is NpgsqlException or IOException or TimeoutException or System.Net.Sockets.SocketException;

    /// <summary>
    /// Settles a batch whose statement or commit was cut off: on a fresh connection, locks the head row (so a transaction
    /// of the lost connection that still holds it must end first) and reads the rows at the batch's sequence numbers.
    /// When they hold exactly the lines this writer sent (same bytes, so the same MACs), the batch committed and is
    /// acknowledged. When none is there, the batch did not commit, and it is chained again onto the locked head and
    /// committed in the same transaction; that also fences the lost statement: it can only ever move the head from where
    /// it chained, and the head has moved on, so it would change nothing.
    /// </summary>
    private async Task<ChainHead> SettleAsync(List<PendingAppend> batch, ChainedBatch sent, Exception cutOff)
    {
        Interlocked.Increment(ref _stats.Settled);
        for (int attempt = 0; attempt < 3; attempt++)
        {
            ChainedBatch? inFlight = null;
            bool checkedRows = false;
            try
            {
                NpgsqlConnection connection = await PostgreSqlErrors.OpenAsync(_dataSource, CancellationToken.None).ConfigureAwait(false);
                await using ConfiguredAsyncDisposable connectionDisposal = connection.ConfigureAwait(false);
                NpgsqlTransaction tx = await connection.BeginTransactionAsync().ConfigureAwait(false);
                await using ConfiguredAsyncDisposable txDisposal = tx.ConfigureAwait(false);
                ChainHead head = await ReadHeadForUpdateAsync(connection, tx).ConfigureAwait(false);
                int present = await CountSentLinesAsync(connection, tx, sent).ConfigureAwait(false);
                checkedRows = true;
                if (present == sent.Lines.Length)
                {
                    await tx.RollbackAsync().ConfigureAwait(false);
                    Interlocked.Increment(ref _stats.SettledCommitted);
                    return sent.To;
                }

                if (present != 0)
                {
                    throw new PostgreSqlAuditSchemaException(string.Create(CultureInfo.InvariantCulture, $"{present} of the {sent.Lines.Length} lines of a batch whose commit was cut off are in the ledger: one statement writes all of them or none, so the table was changed by hand."));
                }

                Interlocked.Increment(ref _stats.SettledRetried);
                ChainedBatch chained = Chain(batch, head);
                if (!await TryAppendAsync(connection, tx, chained).ConfigureAwait(false))
                {
                    throw new PostgreSqlAuditSchemaException("The audit head changed while this writer held its lock: the head row was tampered with.");
                }

                inFlight = chained;
                await tx.CommitAsync().ConfigureAwait(false);
                _head = chained.To;
                return chained.To;
            }
            catch (Exception ex) when (IsOutcomeUnknown(ex))
            {
                // Cut off again: while checking (the batch is still unsettled), or during the retry's own commit (then
                // that retry is what to settle).
                sent = inFlight ?? sent;
                cutOff = ex;
            }
            catch (Exception ex) when (ex is AuditWriteException || (ex is PostgresException && !checkedRows))
            {
                // Unreachable, or the server refused the check itself (e.g. the head stayed locked longer than
                // LockTimeout): whether the batch committed is still unknown.
                throw new AuditWriteException("The connection to PostgreSQL was lost while a batch was committing and the outcome could not be checked: its appends are not acknowledged (their records may be in the chain, once; the ledger never writes them again).", new AggregateException(cutOff, ex));
            }
        }

        throw new AuditWriteException("The commit of a batch was cut off three times in a row: its appends are not acknowledged.", cutOff);
    }

    /// <summary>How many of the rows at the batch's sequence numbers hold exactly the line this writer sent.</summary>
    private async Task<int> CountSentLinesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, ChainedBatch sent)
    {
        var read = new NpgsqlCommand($"SELECT seq, line FROM {_schema}.audit_ledger WHERE seq = ANY($1)", connection, tx);
        await using ConfiguredAsyncDisposable readDisposal = read.ConfigureAwait(false);
        read.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = sent.Seqs });
        NpgsqlDataReader reader = await read.ExecuteReaderAsync().ConfigureAwait(false);
        await using ConfiguredAsyncDisposable readerDisposal = reader.ConfigureAwait(false);
        long first = sent.Seqs[0];
        int present = 0;
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            long seq = reader.GetInt64(0);
            if (reader.GetFieldValue<byte[]>(1).AsSpan().SequenceEqual(sent.Lines[seq - first]))
            {
                present++;
            }
        }

        return present;
    }

    private async Task<ChainHead> ReadHeadForUpdateAsync(NpgsqlConnection connection, NpgsqlTransaction tx)
    {
        var head = new NpgsqlCommand(_readHeadForUpdateSql, connection, tx);
        await using ConfiguredAsyncDisposable headDisposal = head.ConfigureAwait(false);
        NpgsqlDataReader reader = await head.ExecuteReaderAsync().ConfigureAwait(false);
        await using ConfiguredAsyncDisposable readerDisposal = reader.ConfigureAwait(false);
        return await ReadHeadAsync(reader).ConfigureAwait(false);
    }

    private static async Task<ChainHead> ReadHeadAsync(NpgsqlDataReader reader)
    {
        if (!await reader.ReadAsync().ConfigureAwait(false))
        {
            throw new PostgreSqlAuditSchemaException("The audit head row is missing: the schema was not migrated or was tampered with.");
        }

        return new ChainHead(
            reader.GetInt64(0),
            reader.GetFieldValue<byte[]>(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? DateTimeOffset.MinValue : reader.GetFieldValue<DateTimeOffset>(3));
    }

    /// <summary>Runs the append statement: <see langword="true"/> when it moved the head and inserted every line, <see langword="false"/> when the head was not <see cref="ChainedBatch.From"/> (nothing changed).</summary>
    private async Task<bool> TryAppendAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, ChainedBatch chained)
    {
        var append = new NpgsqlCommand(_appendSql, connection, tx);
        await using ConfiguredAsyncDisposable appendDisposal = append.ConfigureAwait(false);
        AddAppendParameters(append.Parameters, chained);

        // Prepared once per physical connection (Npgsql keeps it across pooled opens): no parse and plan per batch.
        await append.PrepareAsync().ConfigureAwait(false);
        int inserted = await append.ExecuteNonQueryAsync().ConfigureAwait(false);
        if (inserted == chained.Lines.Length)
        {
            return true;
        }

        // One statement: it inserts all the lines or none of them.
        return inserted == 0
            ? false
            : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The audit append statement inserted {inserted} of {chained.Lines.Length} lines."));
    }

    private static void AddAppendParameters(NpgsqlParameterCollection parameters, ChainedBatch chained)
    {
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = chained.To.Seq });
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = chained.To.Mac });
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = chained.To.KeyId! });
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = chained.To.Timestamp });
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = chained.From.Seq });
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = chained.From.Mac });
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = chained.Seqs });
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = chained.Lines });
    }

    /// <summary>MACs the batch's lines onto <paramref name="head"/> (a key line first when the head was written under another key).</summary>
    private ChainedBatch Chain(List<PendingAppend> batch, ChainHead head)
    {
        // Timestamps never go backwards along the chain, whichever instance's clock is behind.
        DateTimeOffset now = _time.GetUtcNow();
        if (now < head.Timestamp)
        {
            now = head.Timestamp;
        }

        now = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero); // PostgreSQL keeps microseconds
        bool keyLine = head.KeyId is not null && !string.Equals(head.KeyId, _keys.KeyId, StringComparison.Ordinal);
        int count = batch.Count + (keyLine ? 1 : 0);
        var seqs = new long[count];
        var lines = new byte[count][];
        long seq = head.Seq;
        byte[] lastMac = head.Mac;
        int i = 0;
        if (keyLine)
        {
            byte[] mac = new byte[LedgerFormat.MacBytes];
            _buffer.Clear();
            LedgerFormat.WriteLine(_buffer, _keys, seq + 1, now, LedgerFormat.KindKey, lastMac, LedgerRepairCore.WriteKeyPayload, head.KeyId, mac);
            seqs[i] = ++seq;
            lines[i++] = _buffer.WrittenSpan.ToArray();
            lastMac = mac;
        }

        foreach (PendingAppend pending in batch)
        {
            byte[] mac = new byte[LedgerFormat.MacBytes];
            _buffer.Clear();
            LedgerFormat.WriteLine(_buffer, _keys, seq + 1, now, LedgerFormat.KindRecord, lastMac, WriteRecordPayload, pending.Record, mac);
            seqs[i] = ++seq;
            lines[i++] = _buffer.WrittenSpan.ToArray();
            lastMac = mac;
        }

        return new ChainedBatch(head, seqs, lines, new ChainHead(seq, lastMac, _keys.KeyId, now));
    }

    private async Task PublishWitnessAsync(ChainHead head)
    {
        if (_options.Witness is null || head.Seq - _witnessedSeq < _options.WitnessRecordInterval)
        {
            return;
        }

        try
        {
            await _options.Witness.PublishAsync(LedgerWitness.Create(_keys, null, head.Seq, 0, head.Mac, head.Timestamp)).ConfigureAwait(false);
            _witnessedSeq = head.Seq;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The records are committed; a witness that is behind is reported by verification, and the next batch retries.
        }
    }

    private static void WriteRecordPayload(Utf8JsonWriter writer, object? record)
    {
        writer.WritePropertyName("rec"u8);
        writer.WriteRawValue((byte[])record!, skipInputValidation: true);
    }
}
