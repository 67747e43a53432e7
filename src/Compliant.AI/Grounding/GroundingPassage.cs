namespace Compliant.AI;

/// <summary>A passage the retriever returned for the caller: its ids, its score and whether it was injected as a source.</summary>
/// <remarks>Ids, titles and numbers only, never passage text; only passages the caller may read appear in a <see cref="GroundingResult"/>.</remarks>
public sealed class GroundingPassage
{
    /// <summary>Gets the id the passage had in the prompt (for example <c>S1</c>), or <see langword="null"/> when it was not injected (below <see cref="GroundingOptions.MinimumScore"/>, beyond <see cref="GroundingOptions.TopK"/>, or the retrieval had no evidence).</summary>
    public string? SourceId { get; init; }

    /// <summary>Gets the retriever's chunk id of the passage.</summary>
    public required string ChunkId { get; init; }

    /// <summary>Gets the id of the document the passage belongs to.</summary>
    public required string DocumentId { get; init; }

    /// <summary>Gets the document title, if any.</summary>
    public string? Title { get; init; }

    /// <summary>Gets the passage's section path in its document (for example <c>Retention &gt; Audit logs</c>), if any.</summary>
    public string? SectionPath { get; init; }

    /// <summary>Gets the retriever's score; higher is better. Scales differ between retrievers.</summary>
    public double Score { get; init; }
}
