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

/// <summary>What retrieval returned for the question: only passages this caller may read; withheld ones are never listed or counted.</summary>
/// <param name="Passages">The retrieved passages, best first.</param>
/// <param name="HasEvidence">Whether the evidence gate let the question through (some passage was given to the model as a source).</param>
/// <param name="TopScore">The best passage's score (BM25, or the fused score in hybrid mode), or null when none.</param>
/// <param name="AccessDenied">Whether the question was refused because only passages the caller may not read matched it.</param>
/// <param name="Method">bm25 or hybrid.</param>
public sealed record RetrievalView(IReadOnlyList<PassageView> Passages, bool HasEvidence, double? TopScore, bool AccessDenied, string Method)
{
    /// <summary>Gets the figure the evidence gate decided on (for BM25, the term coverage of the best passage), or null when the retriever reports none.</summary>
    public double? EvidenceScore { get; init; }
}

public sealed record PassageView(string ChunkId, string DocumentId, double Score, string? Title, string? Section);

public sealed record IngestSummary(int Documents, int Chunks, int Unchanged, int WithoutAcl, IReadOnlyList<string> Skipped, TimeSpan Elapsed);
