namespace Compliant.AI.Auditing.Internal;

/// <summary>The outcome of reading a checkpoint.</summary>
internal sealed record CheckpointReadResult(LedgerCheckpoint? Checkpoint, AuditLedgerProblem Problem, string Reason, string? KeyId, int Slot);
