namespace IncidentSummarizer;

/// <summary>A proposed remediation action and what became of it.</summary>
public sealed record ProposedAction(string Tool, string CallId, IReadOnlyDictionary<string, string?> Arguments, string Decision, string? Approver, bool Executed, string? Result);
