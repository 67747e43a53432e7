namespace Compliant.AI.Auditing.Internal;

/// <summary>The parsed fields of one ledger line.</summary>
internal readonly record struct LedgerLine(
    long Seq,
    DateTimeOffset Timestamp,
    string KeyId,
    string Kind,
    byte[] PreviousMac,
    byte[] Mac,
    int BodyLength,
    string? PreviousKeyId,
    int RecordStart,
    int RecordLength);
