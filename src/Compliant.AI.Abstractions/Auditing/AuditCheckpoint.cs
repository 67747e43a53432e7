namespace Compliant.AI;

/// <summary>
/// A MACed statement of an audit ledger's durable head (file, sequence number, byte length and the MAC of the line at
/// that position), published to an <see cref="IAuditCheckpointWitness"/> outside the ledger's folder.
/// </summary>
/// <remarks>
/// The ledger computes <see cref="Mac"/> with a sub-key of its audit key; a witness stores and returns the fields
/// unchanged and never needs the key. The checkpoint carries no record content.
/// </remarks>
public sealed class AuditCheckpoint
{
    /// <summary>Gets the ledger file name (without directory) that holds the head line, or <see langword="null"/> for an empty ledger.</summary>
    public string? FileName { get; init; }

    /// <summary>Gets the sequence number of the head line (0 for an empty ledger).</summary>
    public long Sequence { get; init; }

    /// <summary>Gets the byte length of <see cref="FileName"/> up to and including the head line's newline.</summary>
    public long Length { get; init; }

    /// <summary>Gets the head line's MAC in base64 (32 zero bytes for an empty ledger).</summary>
    public required string HeadMac { get; init; }

    /// <summary>Gets the id of the key whose sub-key made <see cref="Mac"/>.</summary>
    public required string KeyId { get; init; }

    /// <summary>Gets the ledger time of the head line.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets the checkpoint's own MAC in base64, over every other field.</summary>
    public required string Mac { get; init; }
}
