namespace Compliant.AI;

/// <summary>The distance function of a Qdrant collection's vectors.</summary>
public enum QdrantDistance
{
    /// <summary>Cosine similarity; higher is closer. The right choice for most text embeddings.</summary>
    Cosine,

    /// <summary>Dot product; higher is closer. Use with normalized vectors.</summary>
    Dot,

    /// <summary>Euclidean distance; lower is closer (Qdrant reports it so that results still come best first).</summary>
    Euclid,

    /// <summary>Manhattan distance; lower is closer.</summary>
    Manhattan,
}
