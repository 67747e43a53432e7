namespace IncidentSummarizer;

/// <summary>One labelled incident.</summary>
public sealed record IncidentLabel(string Incident, string Split, string Title, IReadOnlyList<string> RootCause);
