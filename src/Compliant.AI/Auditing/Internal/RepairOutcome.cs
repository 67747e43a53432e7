namespace Compliant.AI.Auditing.Internal;

/// <summary>The ledger state after a torn tail was cut and the repair line appended.</summary>
internal sealed record RepairOutcome(long Seq, byte[] Mac, DateTimeOffset Timestamp, long FileLength, long RemovedBytes, long Line, string File);
