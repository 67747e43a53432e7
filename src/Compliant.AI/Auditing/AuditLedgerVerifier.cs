using Compliant.AI.Auditing.Internal;
using Compliant.AI.Internal;

namespace Compliant.AI;

/// <summary>Checks that an audit ledger written by <see cref="FileAuditLedger"/> is intact.</summary>
/// <remarks>
/// <para>
/// Given a directory, it checks every ledger file from the first line (sequence 1) in order: each line's MAC, its
/// sequence number, its link to the previous line's MAC (also across files), its key id and its timestamp; then that
/// the ledger reaches the positions recorded in both slots of the MACed checkpoint file and, when a witness is given,
/// the head held by the witness (so a removed tail is detected, with a witness even when the checkpoint was removed too). It reports
/// the first problem with its file and line. Given a single file, it checks that file alone (from the genesis line
/// only when it is file number 1).
/// </para>
/// <para>Verification only reads: it never changes the ledger. Results never contain record content.</para>
/// </remarks>
public static class AuditLedgerVerifier
{
    /// <summary>Verifies a ledger directory or a single ledger file, and, when a witness is given, that the ledger still reaches the head it holds.</summary>
    /// <param name="path">A ledger directory, or (without a witness) one <c>audit-*.jsonl</c> file.</param>
    /// <param name="keys">Every key the ledger was written with (all key ids still present after rotations).</param>
    /// <param name="witness">The ledger's checkpoint witness, or <see langword="null"/> to check the ledger folder alone.</param>
    /// <param name="cancellationToken">A token to cancel the verification.</param>
    /// <returns>
    /// The result: intact (with <see cref="AuditLedgerVerificationResult.WitnessedSequence"/>), or the first problem. A ledger
    /// that ends before the witnessed head is <see cref="AuditLedgerProblem.TruncatedTail"/>; an empty witness while the
    /// ledger has lines is <see cref="AuditLedgerProblem.MissingCheckpoint"/>.
    /// </returns>
    /// <exception cref="FileNotFoundException">The path does not exist, or the directory holds no ledger files.</exception>
    /// <exception cref="ArgumentException">No key was given, a key id appears twice, or a witness was given with a single file.</exception>
    public static async Task<AuditLedgerVerificationResult> VerifyAsync(string path, IEnumerable<AuditKey> keys, IAuditCheckpointWitness? witness = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNullOrWhitespace(path);
        Throw.IfNull(keys);
        Dictionary<string, LedgerKeys> ledgerKeys = LedgerKeys.FromMany(keys);
        if (ledgerKeys.Count == 0)
        {
            throw new ArgumentException("At least one audit key is needed to verify a ledger.", nameof(keys));
        }

        if (Directory.Exists(path))
        {
            if (LedgerFormat.ListFiles(path).Count == 0)
            {
                throw new FileNotFoundException("The directory contains no audit ledger files (audit-NNNNNNNN-YYYYMMDD.jsonl).", path);
            }

            WitnessState? state = null;
            if (witness is not null)
            {
                try
                {
                    state = new WitnessState(await witness.ReadAsync(cancellationToken).ConfigureAwait(false), null);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    state = new WitnessState(null, ex);
                }
            }

            var (_, result, _) = await LedgerVerification.VerifyDirectoryAsync(path, ledgerKeys, tolerateUnknownKeys: false, state, cancellationToken).ConfigureAwait(false);
            return result;
        }

        if (File.Exists(path))
        {
            if (witness is not null)
            {
                throw new ArgumentException("A witness checks a whole ledger: give the ledger directory, not a single file.", nameof(witness));
            }

            return await LedgerVerification.VerifyFileAsync(path, ledgerKeys, cancellationToken).ConfigureAwait(false);
        }

        throw new FileNotFoundException("The audit ledger path does not exist.", path);
    }

}
