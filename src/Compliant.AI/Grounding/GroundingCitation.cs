namespace Compliant.AI;

/// <summary>A source the answer cited: its id in the prompt and the retrieved passage behind it.</summary>
public sealed class GroundingCitation
{
    /// <summary>Gets the id the model cited, for example <c>S1</c>.</summary>
    public required string SourceId { get; init; }

    /// <summary>Gets the retriever's chunk id of the passage.</summary>
    public required string ChunkId { get; init; }

    /// <summary>Gets the id of the document the passage belongs to.</summary>
    public required string DocumentId { get; init; }

    /// <summary>Gets the document title, if any.</summary>
    public string? Title { get; init; }

    /// <summary>Gets the source URI or path of the document, if any.</summary>
    public string? Source { get; init; }

    /// <summary>Gets the section path of the passage within its document, if any.</summary>
    public string? SectionPath { get; init; }
}
