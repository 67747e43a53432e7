namespace Compliant.AI;

/// <summary>A document to ingest: its text, metadata and access-control list.</summary>
/// <remarks>
/// Chunk offsets (<see cref="DocumentChunk.Start"/>, <see cref="DocumentChunk.End"/>) refer to <see cref="Text"/> as it is
/// after every <see cref="IIngestionTransform"/> ran (UTF-16 code units). Use <see cref="DocumentLoader"/> to build one
/// from plain text, Markdown or HTML with front matter.
/// </remarks>
public sealed class SourceDocument
{
    /// <summary>Initializes a new instance of the <see cref="SourceDocument"/> class.</summary>
    /// <param name="id">The stable document id (unique within an index).</param>
    /// <param name="text">The document text.</param>
    public SourceDocument(string id, string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(text);
        Id = id;
        Text = text;
    }

    /// <summary>Gets the stable document id.</summary>
    public string Id { get; }

    /// <summary>Gets the document text that chunk offsets refer to.</summary>
    public string Text { get; }

    /// <summary>Gets the format of <see cref="Text"/>.</summary>
    /// <value>The default is <see cref="DocumentFormat.PlainText"/>.</value>
    public DocumentFormat Format { get; init; }

    /// <summary>Gets the offset in <see cref="Text"/> where the body starts (after front matter).</summary>
    /// <value>The default is 0.</value>
    public int BodyStart { get; init; }

    /// <summary>Gets the document title, if any.</summary>
    public string? Title { get; init; }

    /// <summary>Gets the source URI or path, if any.</summary>
    public string? SourceUri { get; init; }

    /// <summary>
    /// Gets the principals allowed to read the document (<c>user:{id}</c>, <c>group:{name}</c>, or
    /// <see cref="PrincipalNames.Everyone"/>).
    /// </summary>
    /// <value>The default is empty: nobody may read the document until an access-control list is given (fail closed).</value>
    public IReadOnlyList<string> AllowedPrincipals { get; init; } = [];

    /// <summary>Gets the classification label (for example <c>internal</c>), if any.</summary>
    public string? Classification { get; init; }

    /// <summary>Gets the document version label, if any.</summary>
    public string? Version { get; init; }

    /// <summary>Gets additional metadata (for example from front matter) that <see cref="RetrievalRequest.Filters"/> can match.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}
