namespace IncidentSummarizer;

/// <summary>One sentence of the summary and the events it cites.</summary>
public sealed record SummarySentence(string Text, IReadOnlyList<string> Cites);
