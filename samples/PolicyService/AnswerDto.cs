namespace PolicyService;

/// <summary>A grounded answer: its text with [S1]-style markers, the cited passages, what was redacted and the audit record id.</summary>
public sealed record AnswerDto(string Answer, IReadOnlyList<CitationDto> Citations, IReadOnlyDictionary<string, long> Redactions, string? AuditId);

/// <summary>A cited passage: the marker id, the document, its title and section, and the passage text the caller may read.</summary>
public sealed record CitationDto(string Id, string DocumentId, string? Title, string? Section, string? Passage);

/// <summary>The end of a streamed answer: the audit record id and the redaction counts by entity type.</summary>
public sealed record AuditDto(string? AuditId, IReadOnlyDictionary<string, long> Redactions);

/// <summary>A chunk of streamed answer text.</summary>
public sealed record AnswerChunkDto(string Text);
