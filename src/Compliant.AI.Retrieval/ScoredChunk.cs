namespace Compliant.AI;

/// <summary>A chunk found by a store query, with its score (higher is better).</summary>
/// <param name="Chunk">The chunk.</param>
/// <param name="Score">The score; the scale depends on the store (cosine similarity for vector stores).</param>
public readonly record struct ScoredChunk(DocumentChunk Chunk, double Score);
