namespace IncidentSummarizer;

/// <summary>A scored root-cause candidate: the event's index in time order, its score and why.</summary>
public sealed record RootCauseCandidate(int Index, double Score, IReadOnlyList<string> Reasons);
