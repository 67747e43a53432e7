namespace Compliant.AI;

/// <summary>Changes a document before it is chunked and indexed, for example to de-identify it.</summary>
/// <remarks>
/// <para>
/// Transforms run in registration order on the parsed document (after front matter and HTML extraction) and before
/// hashing and chunking, so chunk offsets and hashes refer to the transformed text: a passage's
/// <see cref="DocumentChunk.Start"/>/<see cref="DocumentChunk.End"/> index into the text the transform returned, not
/// into the original file.
/// </para>
/// <para>A transform that throws fails that document only; the ingestor reports it and writes nothing for it.</para>
/// </remarks>
public interface IIngestionTransform
{
    /// <summary>Transforms a document.</summary>
    /// <param name="document">The document.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The transformed document (may be the same instance), keeping its id.</returns>
    ValueTask<SourceDocument> TransformAsync(SourceDocument document, CancellationToken cancellationToken = default);
}
