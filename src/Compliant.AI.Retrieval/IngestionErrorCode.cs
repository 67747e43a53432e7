namespace Compliant.AI;

/// <summary>Why a document could not be ingested.</summary>
public enum IngestionErrorCode
{
    /// <summary>The document body is empty or only whitespace.</summary>
    Empty = 0,

    /// <summary>The document is longer than <see cref="ChunkingOptions.MaxDocumentLength"/>.</summary>
    TooLarge = 1,

    /// <summary>The text looks like binary data (NUL characters, or mostly control or replacement characters).</summary>
    NotText = 2,

    /// <summary>Another document in the same batch has the same id; the first one was kept.</summary>
    DuplicateId = 3,

    /// <summary>An <see cref="IIngestionTransform"/> failed or changed the document id. Nothing was written for the document.</summary>
    TransformFailed = 4,

    /// <summary>Writing to an index failed. <see cref="IngestionError.IndexesWritten"/> tells how many indexes hold the new version.</summary>
    IndexFailed = 5,

    /// <summary>The document is invalid (for example an empty id).</summary>
    Invalid = 6,
}
