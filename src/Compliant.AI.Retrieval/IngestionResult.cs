namespace Compliant.AI;

/// <summary>What an ingestion did.</summary>
public sealed class IngestionResult
{
    /// <summary>Gets how many documents were new.</summary>
    public int Added { get; init; }

    /// <summary>Gets how many documents replaced an older version (their stale chunks were removed).</summary>
    public int Updated { get; init; }

    /// <summary>Gets how many documents were unchanged and skipped.</summary>
    public int Unchanged { get; init; }

    /// <summary>Gets how many chunks were written.</summary>
    public int ChunksWritten { get; init; }

    /// <summary>Gets the documents that failed.</summary>
    public IReadOnlyList<IngestionError> Errors { get; init; } = [];

    /// <summary>Gets a value indicating whether every document was ingested or unchanged.</summary>
    public bool Succeeded => Errors.Count == 0;

    /// <summary>Throws an <see cref="IngestionException"/> when any document failed.</summary>
    /// <returns>This result.</returns>
    /// <exception cref="IngestionException">At least one document failed.</exception>
    public IngestionResult ThrowIfFailed() => Errors.Count == 0 ? this : throw new IngestionException(Errors);
}
