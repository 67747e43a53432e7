namespace IncidentSummarizer;

/// <summary>An action that ran: the tool, its service and its result.</summary>
public sealed record ExecutedAction(string Tool, string Service, string Result);
