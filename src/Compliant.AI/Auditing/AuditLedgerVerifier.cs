using Compliant.AI.Auditing.Internal;
using Compliant.AI.Internal;

namespace Compliant.AI;

/// <summary>Checks that an audit ledger written by <see cref="FileAuditLedger"/> is intact.</summary>
/// <remarks>
/// <para>
/// Given a directory, it checks every ledger file from the first line (sequence 1) in order: each line's MAC, its
/// sequence number, its link to the previous line's MAC (also across files), its key id and its timestamp; then that
/// the ledger reaches the position recorded in the MACed checkpoint file (so a removed tail is detected). It reports
/// the first problem with its file and line. Given a single file, it checks that file alone (from the genesis line
/// only when it is file number 1).
/// </para>
/// <para>Verification only reads: it never changes the ledger. Results never contain record content.</para>
/// </remarks>
public static class AuditLedgerVerifier
{
    /// <summary>Verifies a ledger directory or a single ledger file.</summary>
    /// <param name="path">A ledger directory, or one <c>audit-*.jsonl</c> file.</param>
    /// <param name="keys">Every key the ledger was written with (all key ids still present after rotations).</param>
    /// <param name="cancellationToken">A token to cancel the verification.</param>
    /// <returns>The result: intact, or the first problem with its location and a one-line reason.</returns>
    /// <exception cref="FileNotFoundException">The path does not exist, or the directory holds no ledger files.</exception>
    /// <exception cref="ArgumentException">No key was given, or a key id appears twice.</exception>
    public static async Task<AuditLedgerVerificationResult> VerifyAsync(string path, IEnumerable<AuditKey> keys, CancellationToken cancellationToken = default)
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

            var (_, result, _) = await LedgerVerification.VerifyDirectoryAsync(path, ledgerKeys, tolerateUnknownKeys: false, cancellationToken).ConfigureAwait(false);
            return result;
        }

        if (File.Exists(path))
        {
            return await LedgerVerification.VerifyFileAsync(path, ledgerKeys, cancellationToken).ConfigureAwait(false);
        }

        throw new FileNotFoundException("The audit ledger path does not exist.", path);
    }

}
