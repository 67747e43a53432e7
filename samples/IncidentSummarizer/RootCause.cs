namespace IncidentSummarizer;

/// <summary>The suspected root cause: the event, why, and the events that support it.</summary>
public sealed record RootCause(string EventId, string Text, double Score, IReadOnlyList<string> Reasons, IReadOnlyList<string> Evidence);
