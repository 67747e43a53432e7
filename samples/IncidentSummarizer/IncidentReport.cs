namespace IncidentSummarizer;

/// <summary>What <c>summarize</c> produces for one incident.</summary>
public sealed record IncidentReport
{
    public required string Incident { get; init; }

    /// <summary>Gets every event, ordered by timestamp (redacted unless restoration is allowed).</summary>
    public required IReadOnlyList<IncidentEvent> Timeline { get; init; }

    /// <summary>Gets the summary's sentences, each with the ids of the events it cites (never empty in a delivered summary).</summary>
    public required IReadOnlyList<SummarySentence> Summary { get; init; }

    /// <summary>Gets whether the grounding stage verified the summary (false: it was refused and <see cref="Summary"/> is empty).</summary>
    public required bool Grounded { get; init; }

    /// <summary>Gets the grounding stage's reason when it refused the summary.</summary>
    public string? RefusalReason { get; init; }

    public RootCause? RootCause { get; init; }

    public IReadOnlyList<ProposedAction> Actions { get; init; } = [];

    public string? AuditRecordId { get; init; }
}
