using Compliant.AI.Auditing.Internal;
using Compliant.AI.Internal;

namespace Compliant.AI;

/// <summary>
/// The operator's repairs of an audit ledger, each recorded in the ledger itself: cutting a torn final line left by a
/// crash, accepting a clock that had jumped ahead, and starting a checkpoint witness for an existing ledger.
/// </summary>
/// <remarks>
/// <para>
/// Every repair verifies the whole ledger first (with the witness, when one is given) and changes nothing unless the
/// ledger's only problem is the one it repairs. A torn final line is cut (nothing else) and a <c>repair</c> line,
/// chained and MACed like any other, records the file, line, offset, number of bytes removed and their SHA-256; a torn
/// line at or before the witnessed head, or a complete authentic line that only lacks its newline, is never cut.
/// Every other problem is left untouched for an investigator.
/// </para>
/// <para>Do not run a repair while an application has the ledger open: it takes the ledger's lock file and fails if it is held.</para>
/// </remarks>
public static class AuditLedgerRepair
{
    /// <summary>
    /// Cuts a torn final line of the ledger in <paramref name="directory"/> and records the repair, checking the
    /// ledger against its witness; when the witness holds no checkpoint yet and the ledger is otherwise intact, publishes
    /// the ledger's head to it (<see cref="AuditLedgerRepairStatus.WitnessInitialized"/>).
    /// </summary>
    /// <param name="directory">The ledger directory.</param>
    /// <param name="keys">Every key the ledger was written with; the repair line uses the key of the last good line.</param>
    /// <param name="witness">The ledger's checkpoint witness, or <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for the repair line; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token to cancel before anything is changed.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="FileNotFoundException">The directory holds no ledger files.</exception>
    /// <exception cref="AuditWriteException">The ledger is in use by another process, or it or the witness cannot be written.</exception>
    public static async Task<AuditLedgerRepairResult> RepairAsync(string directory, IEnumerable<AuditKey> keys, IAuditCheckpointWitness? witness = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        Dictionary<string, LedgerKeys> ledgerKeys = Prepare(directory, keys);
        using FileStream lockFile = TakeLock(directory);
        WitnessState? witnessState = await ReadWitnessAsync(witness, cancellationToken).ConfigureAwait(false);
        var (scanner, verification, files) = await LedgerVerification.VerifyDirectoryAsync(directory, ledgerKeys, tolerateUnknownKeys: false, witnessState, cancellationToken).ConfigureAwait(false);
        if (verification.IsIntact)
        {
            return new AuditLedgerRepairResult { Status = AuditLedgerRepairStatus.NothingToRepair, Verification = verification };
        }

        if (witness is not null && witnessState is { Checkpoint: null, Error: null } && verification.Problem == AuditLedgerProblem.MissingCheckpoint && verification.FileName is null)
        {
            var (_, local, _) = await LedgerVerification.VerifyDirectoryAsync(directory, ledgerKeys, tolerateUnknownKeys: false, witness: null, cancellationToken).ConfigureAwait(false);
            if (!local.IsIntact)
            {
                return new AuditLedgerRepairResult { Status = AuditLedgerRepairStatus.NotRepairable, Verification = local };
            }

            CheckpointReadResult head = LedgerCheckpoint.TryRead(directory, ledgerKeys)!;
            LedgerCheckpoint checkpoint = head.Checkpoint!;
            await PublishAsync(witness, LedgerWitness.Create(ledgerKeys[checkpoint.KeyId], checkpoint.File, checkpoint.Seq, checkpoint.Length, checkpoint.Mac, checkpoint.Timestamp), cancellationToken).ConfigureAwait(false);
            return new AuditLedgerRepairResult { Status = AuditLedgerRepairStatus.WitnessInitialized, Verification = verification, RepairSequence = checkpoint.Seq };
        }

        if (verification.Problem != AuditLedgerProblem.TornFinalLine || scanner.TornOffset < 0 || LedgerCheckpoint.TryRead(directory, ledgerKeys) is null)
        {
            return new AuditLedgerRepairResult { Status = AuditLedgerRepairStatus.NotRepairable, Verification = verification };
        }

        cancellationToken.ThrowIfCancellationRequested();
        LedgerKeys writeKey = WriteKey(scanner, ledgerKeys);
        DateTimeOffset now = (timeProvider ?? TimeProvider.System).GetUtcNow();
        try
        {
            RepairOutcome outcome = LedgerRepairCore.CutTornTail(
                directory, files[^1].Path, scanner.TornOffset, scanner.ProblemLine ?? 0, writeKey, scanner.ExpectedSeq - 1, scanner.LastMac,
                scanner.LastKeyId, scanner.LastTimestamp, now, OpenFile);
            if (witness is not null)
            {
                await PublishAsync(witness, LedgerWitness.Create(writeKey, outcome.File, outcome.Seq, outcome.FileLength, outcome.Mac, outcome.Timestamp), cancellationToken).ConfigureAwait(false);
            }

            return new AuditLedgerRepairResult
            {
                Status = AuditLedgerRepairStatus.Repaired,
                Verification = verification,
                FileName = outcome.File,
                LineNumber = outcome.Line,
                RemovedBytes = outcome.RemovedBytes,
                RepairSequence = outcome.Seq,
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AuditWriteException("The audit ledger could not be repaired: writing to it failed.", ex);
        }
    }

    /// <summary>
    /// Accepts the current clock for a ledger whose last line is dated ahead of it (a clock that had jumped ahead):
    /// appends a <c>clock</c> line, chained and MACed, recording the ledger's last time and the accepted clock time, after
    /// which ledger time continues from the clock. Nothing is removed or rewritten.
    /// </summary>
    /// <param name="directory">The ledger directory.</param>
    /// <param name="keys">Every key the ledger was written with; the clock line uses the key of the last line.</param>
    /// <param name="witness">The ledger's checkpoint witness, or <see langword="null"/>; it is checked first and receives the new head.</param>
    /// <param name="timeProvider">The clock to accept; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token to cancel before anything is changed.</param>
    /// <returns>
    /// <see cref="AuditLedgerRepairStatus.ClockAccepted"/>; <see cref="AuditLedgerRepairStatus.NothingToRepair"/> when the
    /// ledger's last line is not ahead of the clock; <see cref="AuditLedgerRepairStatus.NotRepairable"/> when the ledger is not intact.
    /// </returns>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="FileNotFoundException">The directory holds no ledger files.</exception>
    /// <exception cref="AuditWriteException">The ledger is in use by another process, or it or the witness cannot be written.</exception>
    public static async Task<AuditLedgerRepairResult> AcceptClockAsync(string directory, IEnumerable<AuditKey> keys, IAuditCheckpointWitness? witness = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        Dictionary<string, LedgerKeys> ledgerKeys = Prepare(directory, keys);
        using FileStream lockFile = TakeLock(directory);
        WitnessState? witnessState = await ReadWitnessAsync(witness, cancellationToken).ConfigureAwait(false);
        var (scanner, verification, files) = await LedgerVerification.VerifyDirectoryAsync(directory, ledgerKeys, tolerateUnknownKeys: false, witnessState, cancellationToken).ConfigureAwait(false);
        if (!verification.IsIntact)
        {
            return new AuditLedgerRepairResult { Status = AuditLedgerRepairStatus.NotRepairable, Verification = verification };
        }

        DateTimeOffset now = (timeProvider ?? TimeProvider.System).GetUtcNow();
        if (scanner.LastTimestamp <= now || scanner.ExpectedSeq <= 1)
        {
            return new AuditLedgerRepairResult { Status = AuditLedgerRepairStatus.NothingToRepair, Verification = verification };
        }

        cancellationToken.ThrowIfCancellationRequested();
        LedgerKeys writeKey = WriteKey(scanner, ledgerKeys);
        try
        {
            RepairOutcome outcome = LedgerRepairCore.AppendClockLine(
                directory, files[^1].Path, writeKey, scanner.ExpectedSeq - 1, scanner.LastMac, scanner.LastKeyId, scanner.LastTimestamp, now, OpenFile);
            if (witness is not null)
            {
                await PublishAsync(witness, LedgerWitness.Create(writeKey, outcome.File, outcome.Seq, outcome.FileLength, outcome.Mac, outcome.Timestamp), cancellationToken).ConfigureAwait(false);
            }

            return new AuditLedgerRepairResult
            {
                Status = AuditLedgerRepairStatus.ClockAccepted,
                Verification = verification,
                FileName = outcome.File,
                RepairSequence = outcome.Seq,
                PreviousLedgerTime = scanner.LastTimestamp,
                AcceptedTime = now,
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AuditWriteException("The audit ledger's clock could not be accepted: writing to it failed.", ex);
        }
    }

    private static Dictionary<string, LedgerKeys> Prepare(string directory, IEnumerable<AuditKey> keys)
    {
        Throw.IfNullOrWhitespace(directory);
        Throw.IfNull(keys);
        Dictionary<string, LedgerKeys> ledgerKeys = LedgerKeys.FromMany(keys);
        if (ledgerKeys.Count == 0)
        {
            throw new ArgumentException("At least one audit key is needed to repair a ledger.", nameof(keys));
        }

        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException("The audit ledger directory does not exist.");
        }

        if (LedgerFormat.ListFiles(directory).Count == 0)
        {
            throw new FileNotFoundException("The directory contains no audit ledger files (audit-NNNNNNNN-YYYYMMDD.jsonl).", directory);
        }

        return ledgerKeys;
    }

    private static FileStream TakeLock(string directory)
    {
        try
        {
            return new FileStream(Path.Combine(directory, LedgerFormat.LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AuditWriteException("The audit ledger is in use by another process or its directory is not writable; stop the application before repairing.", ex);
        }
    }

    private static async Task<WitnessState?> ReadWitnessAsync(IAuditCheckpointWitness? witness, CancellationToken cancellationToken)
    {
        if (witness is null)
        {
            return null;
        }

        try
        {
            return new WitnessState(await witness.ReadAsync(cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new WitnessState(null, ex);
        }
    }

    private static async Task PublishAsync(IAuditCheckpointWitness witness, AuditCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        try
        {
            await witness.PublishAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AuditWriteException("The ledger was changed, but its new head could not be published to the checkpoint witness; run the command again.", ex);
        }
    }

    private static LedgerKeys WriteKey(LedgerScanner scanner, Dictionary<string, LedgerKeys> ledgerKeys) =>
        scanner.LastKeyId is { } lastKeyId && ledgerKeys.TryGetValue(lastKeyId, out LedgerKeys? lastKey)
            ? lastKey
            : ledgerKeys.Values.Last();

    private static FileStream OpenFile(string path, FileMode mode) => new(path, mode, FileAccess.ReadWrite, FileShare.Read, 1, FileOptions.None);
}
