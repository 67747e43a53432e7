namespace IncidentSummarizer;

/// <summary>A setting or a command-line option is wrong; the message says which.</summary>
public sealed class IncidentConfigurationException(string message) : Exception(message);
