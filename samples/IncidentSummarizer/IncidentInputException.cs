namespace IncidentSummarizer;

/// <summary>The incident file cannot be read; the message names the line, never its text (it can hold customer data).</summary>
public sealed class IncidentInputException(string message) : Exception(message);
