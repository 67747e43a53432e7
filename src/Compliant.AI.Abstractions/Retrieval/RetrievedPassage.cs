namespace Compliant.AI;

/// <summary>One passage returned by an <see cref="IRetriever"/>, with its source metadata.</summary>
public sealed class RetrievedPassage
{
    /// <summary>Gets the stable chunk id (document id, ordinal and content hash).</summary>
    public required string ChunkId { get; init; }

    /// <summary>Gets the id of the document the chunk belongs to.</summary>
    public required string DocumentId { get; init; }

    /// <summary>Gets the passage text.</summary>
    public required string Text { get; init; }

    /// <summary>Gets the retriever's score; higher is better. Scales differ between retrievers.</summary>
    public double Score { get; init; }

    /// <summary>Gets the document title, if any.</summary>
    public string? Title { get; init; }

    /// <summary>Gets the source URI or path of the document, if any.</summary>
    public string? Source { get; init; }

    /// <summary>Gets the section path within the document (for example <c>Retention &gt; Audit logs</c>), if any.</summary>
    public string? SectionPath { get; init; }

    /// <summary>Gets the offset of the passage in the source document text (UTF-16 code units).</summary>
    public int Start { get; init; }

    /// <summary>Gets the end offset (exclusive) of the passage in the source document text.</summary>
    public int End { get; init; }

    /// <summary>Gets the classification label of the document (for example <c>internal</c>), if any.</summary>
    public string? Classification { get; init; }
}
