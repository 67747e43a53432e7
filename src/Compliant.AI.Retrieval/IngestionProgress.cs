namespace Compliant.AI;

/// <summary>Progress of an ingestion, reported after each document.</summary>
/// <param name="DocumentsProcessed">How many documents were processed (including failed and unchanged ones).</param>
/// <param name="DocumentsTotal">How many documents there are in all, when known.</param>
/// <param name="ChunksWritten">How many chunks were written so far.</param>
/// <param name="Failed">How many documents failed so far.</param>
public readonly record struct IngestionProgress(int DocumentsProcessed, int? DocumentsTotal, int ChunksWritten, int Failed);
