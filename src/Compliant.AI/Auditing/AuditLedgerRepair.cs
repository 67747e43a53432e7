using Compliant.AI.Auditing.Internal;
using Compliant.AI.Internal;

namespace Compliant.AI;

/// <summary>Repairs the one problem a crash can leave in an audit ledger: a torn (incomplete) final line.</summary>
/// <remarks>
/// <para>
/// The repair verifies the whole ledger first. Only when its single problem is a torn final line does it cut that
/// line (nothing else), flush, and append a <c>repair</c> line, chained and MACed like any other, that records the
/// file, line, offset, number of bytes removed and their SHA-256. Every other problem is left untouched for an
/// investigator. A torn line was never acknowledged to a caller, so nothing acknowledged is lost.
/// </para>
/// <para>Do not run it while an application has the ledger open: it takes the ledger's lock file and fails if it is held.</para>
/// </remarks>
public static class AuditLedgerRepair
{
    /// <summary>Cuts a torn final line of the ledger in <paramref name="directory"/> and records the repair.</summary>
    /// <param name="directory">The ledger directory.</param>
    /// <param name="keys">Every key the ledger was written with; the repair line uses the key of the last good line.</param>
    /// <param name="timeProvider">The clock for the repair line; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token to cancel before anything is changed.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="FileNotFoundException">The directory holds no ledger files.</exception>
    /// <exception cref="AuditWriteException">The ledger is in use by another process or cannot be written.</exception>
    public static async Task<AuditLedgerRepairResult> RepairAsync(string directory, IEnumerable<AuditKey> keys, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
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

        FileStream lockFile;
        try
        {
            lockFile = new FileStream(Path.Combine(directory, LedgerFormat.LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AuditWriteException("The audit ledger is in use by another process or its directory is not writable; stop the application before repairing.", ex);
        }

        using (lockFile)
        {
            var (scanner, verification, files) = await LedgerVerification.VerifyDirectoryAsync(directory, ledgerKeys, tolerateUnknownKeys: false, cancellationToken).ConfigureAwait(false);
            if (verification.IsIntact)
            {
                return new AuditLedgerRepairResult { Status = AuditLedgerRepairStatus.NothingToRepair, Verification = verification };
            }

            if (verification.Problem != AuditLedgerProblem.TornFinalLine || scanner.TornOffset < 0)
            {
                return new AuditLedgerRepairResult { Status = AuditLedgerRepairStatus.NotRepairable, Verification = verification };
            }

            cancellationToken.ThrowIfCancellationRequested();
            LedgerKeys writeKey = scanner.LastKeyId is { } lastKeyId && ledgerKeys.TryGetValue(lastKeyId, out LedgerKeys? lastKey)
                ? lastKey
                : ledgerKeys.Values.Last();
            DateTimeOffset now = (timeProvider ?? TimeProvider.System).GetUtcNow();
            try
            {
                RepairOutcome outcome = LedgerRepairCore.CutTornTail(
                    directory, files[^1].Path, scanner.TornOffset, scanner.ProblemLine ?? 0, writeKey, scanner.ExpectedSeq - 1, scanner.LastMac,
                    scanner.LastKeyId, scanner.LastTimestamp, now,
                    static (path, mode) => new FileStream(path, mode, FileAccess.ReadWrite, FileShare.Read, 1, FileOptions.None));
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
    }

}
