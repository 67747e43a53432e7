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

/// <summary>One sentence of the summary and the events it cites.</summary>
public sealed record SummarySentence(string Text, IReadOnlyList<string> Cites);

/// <summary>The suspected root cause: the event, why, and the events that support it.</summary>
public sealed record RootCause(string EventId, string Text, double Score, IReadOnlyList<string> Reasons, IReadOnlyList<string> Evidence);

/// <summary>A proposed remediation action and what became of it.</summary>
public sealed record ProposedAction(string Tool, string CallId, IReadOnlyDictionary<string, string?> Arguments, string Decision, string? Approver, bool Executed, string? Result);

/// <summary>The digest the app sends the remediation planner (no event text, only ids, kinds and services).</summary>
public sealed record IncidentDigest(DigestEvent? RootCause, DigestEvent? Symptom);

/// <summary>An event in the digest.</summary>
public sealed record DigestEvent(string EventId, string Kind, string Source);
