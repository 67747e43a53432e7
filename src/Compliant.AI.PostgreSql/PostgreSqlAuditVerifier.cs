using System.Runtime.CompilerServices;
using System.Globalization;
using System.Security.Cryptography;
using Compliant.AI.Auditing.Internal;
using Compliant.AI.Internal;
using Compliant.AI.PostgreSql.Internal;
using Npgsql;

namespace Compliant.AI;

/// <summary>Checks that a <see cref="PostgreSqlAuditLedger"/> is intact, with the file ledger's own verifier.</summary>
/// <remarks>
/// <para>
/// The rows, in sequence order, are checked exactly like one ledger file from its genesis line: every line's MAC, its
/// sequence number, its link to the previous line, its key id and its timestamp; then that the chain reaches the head
/// row (a removed tail is <see cref="AuditLedgerProblem.TruncatedTail"/>, a head that does not match the last line is
/// <see cref="AuditLedgerProblem.CheckpointMismatch"/>) and, when a witness is given, the head it holds. Problems name
/// <c>postgresql:SCHEMA.audit_ledger</c> as the file and the sequence number as the line.
/// </para>
/// <para>Verification only reads, in one repeatable-read snapshot, and holds the ledger in memory while it checks.</para>
/// </remarks>
public static class PostgreSqlAuditVerifier
{
    /// <summary>Verifies the ledger in <paramref name="schema"/>.</summary>
    /// <param name="connectionString">The Npgsql connection string; a read-only role suffices.</param>
    /// <param name="keys">Every key the ledger was written with.</param>
    /// <param name="schema">The schema of the ledger.</param>
    /// <param name="witness">The ledger's witness, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token to cancel the verification.</param>
    /// <returns>The result: intact, or the first problem.</returns>
    /// <exception cref="PostgreSqlAuditSchemaException">The schema is missing or at another version.</exception>
    /// <exception cref="AuditWriteException">The database cannot be reached or refused the login.</exception>
    public static async Task<AuditLedgerVerificationResult> VerifyAsync(
        string connectionString, IEnumerable<AuditKey> keys, string schema = PostgreSqlAuditSchema.DefaultSchema, IAuditCheckpointWitness? witness = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        Throw.IfNull(keys);
        string s = SqlNames.Schema(schema);
        Dictionary<string, LedgerKeys> ledgerKeys = LedgerKeys.FromMany(keys);
        if (ledgerKeys.Count == 0)
        {
            throw new ArgumentException("At least one audit key is needed to verify a ledger.", nameof(keys));
        }

        string file = $"postgresql:{s}.audit_ledger";
        NpgsqlDataSource dataSource = NpgsqlDataSource.Create(connectionString);
        await using ConfiguredAsyncDisposable dataSourceDisposal = dataSource.ConfigureAwait(false);
        NpgsqlConnection connection = await PostgreSqlErrors.OpenAsync(dataSource, cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable connectionDisposal = connection.ConfigureAwait(false);
        await PostgreSqlAuditSchema.EnsureCurrentAsync(connection, s, cancellationToken).ConfigureAwait(false);
        NpgsqlTransaction tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable txDisposal = tx.ConfigureAwait(false);

        var data = new MemoryStream();
        {
            var read = new NpgsqlCommand($"SELECT line FROM {s}.audit_ledger ORDER BY seq", connection, tx);
            await using ConfiguredAsyncDisposable readDisposal = read.ConfigureAwait(false);
            NpgsqlDataReader reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using ConfiguredAsyncDisposable readerDisposal = reader.ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                byte[] line = reader.GetFieldValue<byte[]>(0);
                data.Write(line);
            }
        }

        long headSeq;
        byte[] headMac;
        {
            var head = new NpgsqlCommand($"SELECT seq, mac FROM {s}.audit_head WHERE id = 1", connection, tx);
            await using ConfiguredAsyncDisposable headDisposal = head.ConfigureAwait(false);
            NpgsqlDataReader reader = await head.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using ConfiguredAsyncDisposable readerDisposal = reader.ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return Fail(AuditLedgerProblem.MissingCheckpoint, file, null, "the head row is missing", 0, 0);
            }

            headSeq = reader.GetInt64(0);
            headMac = reader.GetFieldValue<byte[]>(1);
        }

        var scanner = new LedgerScanner(ledgerKeys, tolerateUnknownKeys: false);
        scanner.AnchorGenesis();
        scanner.ScanFile(file, data.GetBuffer().AsSpan(0, (int)data.Length), isLastFile: true, checkpoint: null);
        long lastSeq = scanner.ExpectedSeq == 0 ? 0 : scanner.ExpectedSeq - 1;
        if (scanner.Problem != AuditLedgerProblem.None)
        {
            return Fail(scanner.Problem, scanner.ProblemFile, scanner.ProblemLine, scanner.Reason, scanner.RecordCount, scanner.LineCount, lastSeq);
        }

        if (headSeq > lastSeq)
        {
            return Fail(AuditLedgerProblem.TruncatedTail, file, lastSeq + 1, Invariant($"the ledger ends at sequence {lastSeq} but its head row says {headSeq}: rows were removed from the tail"), scanner.RecordCount, scanner.LineCount, lastSeq);
        }

        if (headSeq != lastSeq || !CryptographicOperations.FixedTimeEquals(headMac, scanner.LastMac))
        {
            return Fail(AuditLedgerProblem.CheckpointMismatch, file, headSeq, Invariant($"the head row (sequence {headSeq}) does not match the ledger's last line (sequence {lastSeq})"), scanner.RecordCount, scanner.LineCount, lastSeq);
        }

        long? witnessed = null;
        if (witness is not null)
        {
            AuditCheckpoint? checkpoint;
            try
            {
                checkpoint = await witness.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return Fail(AuditLedgerProblem.BadCheckpoint, file, null, "the witness could not be read: " + ex.GetType().Name, scanner.RecordCount, scanner.LineCount, lastSeq);
            }

            if (checkpoint is null)
            {
                if (lastSeq > 0)
                {
                    return Fail(AuditLedgerProblem.MissingCheckpoint, file, null, "the witness holds no checkpoint although the ledger has lines", scanner.RecordCount, scanner.LineCount, lastSeq);
                }
            }
            else
            {
                (AuditLedgerProblem problem, byte[]? witnessMac, string reason) = LedgerWitness.Authenticate(checkpoint, ledgerKeys);
                if (problem != AuditLedgerProblem.None)
                {
                    return Fail(problem, file, null, reason, scanner.RecordCount, scanner.LineCount, lastSeq);
                }

                if (checkpoint.Sequence > lastSeq)
                {
                    return Fail(AuditLedgerProblem.TruncatedTail, file, lastSeq + 1, Invariant($"the ledger ends at sequence {lastSeq} but the witness holds sequence {checkpoint.Sequence}: the tail was removed"), scanner.RecordCount, scanner.LineCount, lastSeq);
                }

                if (checkpoint.Sequence > 0 && !MacAt(data.GetBuffer().AsSpan(0, (int)data.Length), checkpoint.Sequence).SequenceEqual(witnessMac!))
                {
                    return Fail(AuditLedgerProblem.CheckpointMismatch, file, checkpoint.Sequence, Invariant($"the line at sequence {checkpoint.Sequence} is not the one the witness holds: the ledger was rewritten"), scanner.RecordCount, scanner.LineCount, lastSeq);
                }

                witnessed = checkpoint.Sequence;
            }
        }

        return new AuditLedgerVerificationResult
        {
            Problem = AuditLedgerProblem.None,
            RecordCount = scanner.RecordCount,
            LineCount = scanner.LineCount,
            FileCount = 1,
            LastSequence = lastSeq,
            CheckpointVerified = true,
            WitnessedSequence = witnessed,
        };
    }

    private static ReadOnlySpan<byte> MacAt(ReadOnlySpan<byte> data, long seq)
    {
        List<(int Start, int Length, bool Terminated)> lines = LedgerScanner.SplitLines(data);
        (int start, int length, _) = lines[(int)(seq - 1)];
        return LedgerFormat.TryParseLine(data.Slice(start, length), out LedgerLine parsed, out _) ? parsed.Mac : [];
    }

    private static AuditLedgerVerificationResult Fail(AuditLedgerProblem problem, string? file, long? line, string reason, long records, long lines, long lastSeq = 0) => new()
    {
        Problem = problem,
        FileName = file,
        LineNumber = line,
        Reason = reason,
        RecordCount = records,
        LineCount = lines,
        FileCount = 1,
        LastSequence = lastSeq,
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
