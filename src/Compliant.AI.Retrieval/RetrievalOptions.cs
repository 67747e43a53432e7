using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Compliant.AI;

/// <summary>Options of the in-memory retrieval services; bound from the configuration section <c>Compliant:Retrieval</c>.</summary>
public sealed class RetrievalOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Compliant:Retrieval";

    /// <summary>Gets or sets which retriever is registered as <see cref="IRetriever"/>.</summary>
    /// <value>The default is <see cref="RetrievalMode.Bm25"/>.</value>
    public RetrievalMode Mode { get; set; } = RetrievalMode.Bm25;

    /// <summary>Gets the BM25 options.</summary>
    [ValidateObjectMembers]
    public Bm25Options Bm25 { get; } = new();

    /// <summary>Gets the chunking options (the tokenizer can be set in code only).</summary>
    [ValidateObjectMembers]
    public ChunkingOptions Chunking { get; } = new();

    /// <summary>Gets the dense retriever options.</summary>
    [ValidateObjectMembers]
    public DenseRetrieverOptions Dense { get; } = new();

    /// <summary>Gets the hybrid retriever options.</summary>
    [ValidateObjectMembers]
    public HybridRetrieverOptions Hybrid { get; } = new();

    /// <summary>Gets or sets how many chunk texts are embedded per embedding-generator call during ingestion.</summary>
    /// <value>The default is 64.</value>
    [Range(1, 4096)]
    public int EmbeddingBatchSize { get; set; } = 64;
}
