namespace Compliant.AI;

/// <summary>A chunk with its embedding vector, as written to an <see cref="IVectorChunkStore"/>.</summary>
/// <param name="Chunk">The chunk.</param>
/// <param name="Vector">The embedding of <see cref="DocumentChunk.Text"/>.</param>
public readonly record struct EmbeddedChunk(DocumentChunk Chunk, ReadOnlyMemory<float> Vector);
