namespace PolicyAssistant;

public sealed record AskResult(
    string Answer,
    bool Refused,
    string? Reason,
    IReadOnlyList<CitationView> Citations,
    IReadOnlyDictionary<string, long> Redactions,
    string? AuditId);

public sealed record CitationView(string Id, string DocumentId, string? Title, string? Source, string? Section);

public sealed record IngestSummary(int Documents, int Chunks, int Unchanged, TimeSpan Elapsed);
