namespace Compliant.AI.PostgreSql.Internal;

/// <summary>The head of the chain as one writer last committed or read it: the next line links to <see cref="Mac"/>.</summary>
internal sealed class ChainHead(long seq, byte[] mac, string? keyId, DateTimeOffset timestamp)
{
    public long Seq { get; } = seq;

    public byte[] Mac { get; } = mac;

    public string? KeyId { get; } = keyId;

    /// <summary>Gets the timestamp of the last line (<see cref="DateTimeOffset.MinValue"/> for an empty ledger).</summary>
    public DateTimeOffset Timestamp { get; } = timestamp;
}
