namespace Compliant.AI.Auditing.Internal;

/// <summary>The outcome of reading a checkpoint: the newest slot (and the older one), or the first problem.</summary>
internal sealed record CheckpointReadResult(LedgerCheckpoint? Checkpoint, AuditLedgerProblem Problem, string Reason, string? KeyId, int Slot)
{
    /// <summary>Gets the checkpoint in the other slot, when both are readable.</summary>
    public LedgerCheckpoint? Older { get; init; }

    /// <summary>Gets a value indicating whether a slot was well-formed but failed its MAC (a changed slot, or the wrong key).</summary>
    public bool MacFailed { get; init; }
}
