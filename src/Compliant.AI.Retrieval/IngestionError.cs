namespace Compliant.AI;

/// <summary>A document that could not be ingested, and why.</summary>
/// <remarks>The message never contains document text.</remarks>
public sealed class IngestionError
{
    /// <summary>Initializes a new instance of the <see cref="IngestionError"/> class.</summary>
    /// <param name="index">The position of the document in the input (zero-based).</param>
    /// <param name="documentId">The document id, if known.</param>
    /// <param name="code">The reason.</param>
    /// <param name="message">A description without document text.</param>
    public IngestionError(int index, string? documentId, IngestionErrorCode code, string message)
    {
        Index = index;
        DocumentId = documentId;
        Code = code;
        Message = message;
    }

    /// <summary>Gets the position of the document in the input (zero-based).</summary>
    public int Index { get; }

    /// <summary>Gets the document id, if known.</summary>
    public string? DocumentId { get; }

    /// <summary>Gets the reason.</summary>
    public IngestionErrorCode Code { get; }

    /// <summary>Gets a description without document text.</summary>
    public string Message { get; }

    /// <summary>Gets how many indexes hold the new version of the document when <see cref="Code"/> is <see cref="IngestionErrorCode.IndexFailed"/>.</summary>
    public int IndexesWritten { get; init; }

    /// <summary>Gets the exception that caused the error, if any.</summary>
    public Exception? Exception { get; init; }
}
