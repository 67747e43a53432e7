namespace Compliant.AI.Retrieval.Ingestion;

/// <summary>A chunk's range in the document text and its section path.</summary>
internal readonly record struct ChunkSpan(int Start, int End, string? SectionPath);
