namespace Compliant.AI.Retrieval.Internal;

internal static class ChunkValidation
{
    public static void ValidateDocumentChunks<T>(string documentId, IReadOnlyList<T> items, Func<T, DocumentChunk> chunkOf)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            throw new ArgumentException("At least one chunk is required; use DeleteDocumentAsync to remove a document.", nameof(items));
        }

        var ids = new HashSet<string>(items.Count, StringComparer.Ordinal);
        for (int i = 0; i < items.Count; i++)
        {
            DocumentChunk chunk = chunkOf(items[i]) ?? throw new ArgumentException("A chunk is null.", nameof(items));
            if (!string.Equals(chunk.DocumentId, documentId, StringComparison.Ordinal))
            {
                throw new ArgumentException("Every chunk must belong to the document being replaced.", nameof(items));
            }

            if (!ids.Add(chunk.Id))
            {
                throw new ArgumentException("Chunk ids must be unique within a document.", nameof(items));
            }
        }
    }
}
