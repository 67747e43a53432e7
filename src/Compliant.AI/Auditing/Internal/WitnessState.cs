namespace Compliant.AI.Auditing.Internal;

/// <summary>What was read from a configured witness: its checkpoint (none ever published: <see langword="null"/>) or the read error.</summary>
internal sealed record WitnessState(AuditCheckpoint? Checkpoint, Exception? Error);
