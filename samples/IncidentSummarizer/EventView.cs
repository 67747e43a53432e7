namespace IncidentSummarizer;

/// <summary>What the heuristic reads of an event: its position in time order, kind, source and text.</summary>
public sealed record EventView(string Id, string Kind, string Source, string Text);
