namespace IncidentSummarizer;

/// <summary>The <c>IncidentSummarizer</c> configuration section.</summary>
public sealed class IncidentSettings
{
    /// <summary>Gets or sets the model: <c>Local</c> (the embedded offline summarizer and planner), <c>OpenAI</c>, <c>AzureOpenAI</c> or <c>Ollama</c>.</summary>
    public string Provider { get; set; } = "Local";

    public string? Model { get; set; }

    public string? Endpoint { get; set; }

    public string ApiKeyEnvironmentVariable { get; set; } = "OPENAI_API_KEY";

    /// <summary>Gets or sets the folder for the audit ledger and the demo audit key, relative to the sample folder.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// Gets or sets whether customer data redacted from the events may be shown again in the output. The default,
    /// <see langword="false"/>, keeps placeholders in the timeline, the summary and the root cause.
    /// </summary>
    public bool RestorePii { get; set; }

    /// <summary>Gets or sets the team recorded on each audit record.</summary>
    public string Tenant { get; set; } = "operations";
}
