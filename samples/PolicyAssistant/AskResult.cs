namespace PolicyAssistant;

public sealed record AskResult(
    string Answer,
    bool Refused,
    string? Reason,
    IReadOnlyList<CitationView> Citations,
    IReadOnlyDictionary<string, long> Redactions,
    string? AuditId)
{
    /// <summary>Gets the corpus the answer came from.</summary>
    public CorpusView? Corpus { get; init; }

    /// <summary>Gets what retrieval found for the question (passage ids and scores, denials, the evidence decision).</summary>
    public RetrievalView? Retrieval { get; init; }
}

public sealed record CitationView(string Id, string DocumentId, string? Title, string? Source, string? Section);

public sealed record CorpusView(string Name, string Folder, bool Bundled, int Documents, string? DefaultAcl);

/// <summary>What retrieval returned for the question: only passages this caller may read; withheld ones are only counted.</summary>
/// <param name="Passages">The retrieved passages, best first.</param>
/// <param name="HasEvidence">Whether the retriever's evidence gate found the passages sufficient.</param>
/// <param name="TopScore">The best passage's score (BM25, or the fused score in hybrid mode), or null when none.</param>
/// <param name="DeniedCount">How many matching passages were withheld because the caller may not read them.</param>
/// <param name="Method">bm25 or hybrid.</param>
public sealed record RetrievalView(IReadOnlyList<PassageView> Passages, bool HasEvidence, double? TopScore, int DeniedCount, string Method);

public sealed record PassageView(string ChunkId, string DocumentId, double Score, string? Title, string? Section);

public sealed record IngestSummary(int Documents, int Chunks, int Unchanged, int WithoutAcl, IReadOnlyList<string> Skipped, TimeSpan Elapsed);
