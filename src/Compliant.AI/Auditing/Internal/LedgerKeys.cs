using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Compliant.AI.Auditing.Internal;

/// <summary>The ledger's own MAC keys, derived from an <see cref="AuditKey"/> with domain separation.</summary>
/// <remarks>
/// The same <see cref="AuditKey"/> also computes message digests (<see cref="AuditKey.DigestText"/>) over caller-chosen
/// text, so using it directly for ledger MACs would let a caller obtain a valid MAC by sending a message whose UTF-8
/// equals a forged line. The derivation labels start with the byte 0xFF, which never occurs in UTF-8, so no message
/// digest can equal a derived key or a MAC made with one.
/// </remarks>
internal sealed class LedgerKeys
{
    private static readonly byte[] LineLabel = Label("compliant-ai/ledger-line/v1");
    private static readonly byte[] CheckpointLabel = Label("compliant-ai/ledger-checkpoint/v1");
    private static readonly byte[] WitnessLabel = Label("compliant-ai/ledger-witness/v1");

    private LedgerKeys(string keyId, byte[] lineKey, byte[] checkpointKey, byte[] witnessKey)
    {
        KeyId = keyId;
        LineKey = lineKey;
        CheckpointKey = checkpointKey;
        WitnessKey = witnessKey;
    }

    public string KeyId { get; }

    public byte[] LineKey { get; }

    public byte[] CheckpointKey { get; }

    public byte[] WitnessKey { get; }

    public static LedgerKeys From(AuditKey key)
    {
        byte[] line = new byte[HMACSHA256.HashSizeInBytes];
        byte[] checkpoint = new byte[HMACSHA256.HashSizeInBytes];
        key.ComputeMac(LineLabel, line);
        byte[] witness = new byte[HMACSHA256.HashSizeInBytes];
        key.ComputeMac(CheckpointLabel, checkpoint);
        key.ComputeMac(WitnessLabel, witness);
        return new LedgerKeys(key.KeyId, line, checkpoint, witness);
    }

    public static Dictionary<string, LedgerKeys> FromMany(IEnumerable<AuditKey> keys)
    {
        var result = new Dictionary<string, LedgerKeys>(StringComparer.Ordinal);
        foreach (AuditKey key in keys)
        {
            if (key is null)
            {
                throw new ArgumentException("The key list contains a null key.", nameof(keys));
            }

            if (!result.TryAdd(key.KeyId, From(key)))
            {
                throw new ArgumentException($"The key id '{key.KeyId}' is given more than once.", nameof(keys));
            }
        }

        return result;
    }

    /// <summary>MAC of a line: HMAC-SHA256(lineKey, previousMac || body).</summary>
    public void ComputeLineMac(ReadOnlySpan<byte> previousMac, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        int length = previousMac.Length + body.Length;
        byte[] scratch = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            previousMac.CopyTo(scratch);
            body.CopyTo(scratch.AsSpan(previousMac.Length));
            HMACSHA256.HashData(LineKey, scratch.AsSpan(0, length), destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    public void ComputeCheckpointMac(ReadOnlySpan<byte> body, Span<byte> destination) =>
        HMACSHA256.HashData(CheckpointKey, body, destination);

    public void ComputeWitnessMac(ReadOnlySpan<byte> body, Span<byte> destination) =>
        HMACSHA256.HashData(WitnessKey, body, destination);

    private static byte[] Label(string text)
    {
        byte[] bytes = new byte[1 + Encoding.ASCII.GetByteCount(text)];
        bytes[0] = 0xFF;
        Encoding.ASCII.GetBytes(text, bytes.AsSpan(1));
        return bytes;
    }
}
