namespace Compliant.AI.Retrieval.Internal;

internal static class PassageMapping
{
    public static RetrievedPassage ToPassage(this DocumentChunk chunk, double score) => new()
    {
        ChunkId = chunk.Id,
        DocumentId = chunk.DocumentId,
        Text = chunk.Text,
        Score = score,
        Title = chunk.Title,
        Source = chunk.SourceUri,
        SectionPath = chunk.SectionPath,
        Start = chunk.Start,
        End = chunk.End,
        Classification = chunk.Classification,
    };
}
