using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Compliant.AI.Auditing.Internal;

/// <summary>Builds and authenticates the <see cref="AuditCheckpoint"/> a ledger publishes to its witness.</summary>
/// <remarks>
/// The MAC is HMAC-SHA256 under the witness sub-key over a fixed, line-separated text of every field, so a witness
/// may store the fields in any form (a file, database columns) and still return something verifiable.
/// </remarks>
internal static class LedgerWitness
{
    public const string Name = "the witness";

    public static AuditCheckpoint Create(LedgerKeys keys, string? file, long seq, long length, ReadOnlySpan<byte> headMac, DateTimeOffset timestamp)
    {
        string head = Convert.ToBase64String(headMac);
        DateTimeOffset ts = timestamp.ToUniversalTime();
        byte[] mac = new byte[LedgerFormat.MacBytes];
        keys.ComputeWitnessMac(Body(file, seq, length, head, keys.KeyId, ts), mac);
        return new AuditCheckpoint
        {
            FileName = file,
            Sequence = seq,
            Length = length,
            HeadMac = head,
            KeyId = keys.KeyId,
            Timestamp = ts,
            Mac = Convert.ToBase64String(mac),
        };
    }

    /// <summary>Authenticates a checkpoint read from a witness.</summary>
    /// <returns>
    /// <see cref="AuditLedgerProblem.None"/> with the head MAC bytes; <see cref="AuditLedgerProblem.UnknownKey"/> (head MAC
    /// still decoded, so the position can be checked structurally); or <see cref="AuditLedgerProblem.BadCheckpoint"/>.
    /// </returns>
    public static (AuditLedgerProblem Problem, byte[]? HeadMac, string Reason) Authenticate(AuditCheckpoint checkpoint, IReadOnlyDictionary<string, LedgerKeys> keys)
    {
        byte[] head = new byte[LedgerFormat.MacBytes];
        byte[] mac = new byte[LedgerFormat.MacBytes];
        if (checkpoint.Sequence < 0 || checkpoint.Length < 0
            || !LedgerFormat.TryDecodeCanonicalMac(Encoding.ASCII.GetBytes(checkpoint.HeadMac ?? string.Empty), head)
            || !LedgerFormat.TryDecodeCanonicalMac(Encoding.ASCII.GetBytes(checkpoint.Mac ?? string.Empty), mac)
            || (checkpoint.FileName is not null && !LedgerFormat.TryParseFileName(checkpoint.FileName, out _, out _)))
        {
            return (AuditLedgerProblem.BadCheckpoint, null, "the witness checkpoint has invalid fields");
        }

        if (string.IsNullOrEmpty(checkpoint.KeyId) || !keys.TryGetValue(checkpoint.KeyId, out LedgerKeys? key))
        {
            return (AuditLedgerProblem.UnknownKey, head, $"the witness checkpoint uses key id '{checkpoint.KeyId}', which was not given");
        }

        byte[] expected = new byte[LedgerFormat.MacBytes];
        key.ComputeWitnessMac(Body(checkpoint.FileName, checkpoint.Sequence, checkpoint.Length, checkpoint.HeadMac!, checkpoint.KeyId, checkpoint.Timestamp.ToUniversalTime()), expected);
        return CryptographicOperations.FixedTimeEquals(expected, mac)
            ? (AuditLedgerProblem.None, head, string.Empty)
            : (AuditLedgerProblem.BadCheckpoint, null, "the witness checkpoint's MAC does not match: it was changed or written with another key");
    }

    /// <summary>Reads a witness synchronously (the ledger opens in its constructor); exceptions are returned, not thrown.</summary>
    public static (AuditCheckpoint? Checkpoint, Exception? Error) Read(IAuditCheckpointWitness witness, CancellationToken cancellationToken = default)
    {
        try
        {
            ValueTask<AuditCheckpoint?> read = witness.ReadAsync(cancellationToken);
            return (read.IsCompletedSuccessfully ? read.Result : read.AsTask().GetAwaiter().GetResult(), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (null, ex);
        }
    }

    /// <summary>Checks a ledger against its witness: the witnessed head must be a line the ledger still has.</summary>
    /// <param name="witness">What was read from the witness.</param>
    /// <param name="keys">The keys given.</param>
    /// <param name="tolerateUnknownKeys">Whether a checkpoint of another key id is checked structurally (on open) instead of failing.</param>
    /// <param name="files">The ledger files.</param>
    /// <param name="lastSeq">The sequence number of the ledger's last good line.</param>
    /// <param name="ledgerHasLines">Whether the ledger has any line.</param>
    /// <returns>The problem, or <see cref="AuditLedgerProblem.None"/>.</returns>
    public static (AuditLedgerProblem Problem, string? File, string Reason) Check(
        WitnessState witness, IReadOnlyDictionary<string, LedgerKeys> keys, bool tolerateUnknownKeys, List<(long Number, string Path)> files, long lastSeq, bool ledgerHasLines)
    {
        if (witness.Error is not null)
        {
            return (AuditLedgerProblem.BadCheckpoint, null, $"the witness could not be read ({witness.Error.GetType().Name}), so a truncated tail cannot be ruled out");
        }

        AuditCheckpoint? checkpoint = witness.Checkpoint;
        if (checkpoint is null)
        {
            return ledgerHasLines
                ? (AuditLedgerProblem.MissingCheckpoint, null, "the witness holds no checkpoint although the ledger has lines (a new or wrong witness path? to start witnessing an existing ledger, verify it, then run 'compliant audit repair DIR --witness PATH')")
                : (AuditLedgerProblem.None, null, string.Empty);
        }

        (AuditLedgerProblem problem, byte[]? head, string reason) = Authenticate(checkpoint, keys);
        if (problem == AuditLedgerProblem.BadCheckpoint || (problem == AuditLedgerProblem.UnknownKey && !tolerateUnknownKeys))
        {
            return (problem, null, reason);
        }

        if (checkpoint.Sequence > lastSeq)
        {
            return (AuditLedgerProblem.TruncatedTail, checkpoint.FileName, string.Create(CultureInfo.InvariantCulture,
                $"the witness says sequence {checkpoint.Sequence} ({checkpoint.FileName}, byte {checkpoint.Length}) was written, but the ledger ends at sequence {lastSeq}: acknowledged records were removed"));
        }

        return LedgerPosition.Check(files, checkpoint.FileName, checkpoint.Sequence, checkpoint.Length, head, Name);
    }

    private static byte[] Body(string? file, long seq, long length, string head, string keyId, DateTimeOffset ts) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"compliant-ai/witness/v1\n{file ?? string.Empty}\n{seq}\n{length}\n{head}\n{keyId}\n{ts.UtcTicks}"));
}
