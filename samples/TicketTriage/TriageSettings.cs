namespace TicketTriage;

/// <summary>The <c>TicketTriage</c> configuration section.</summary>
public sealed class TriageSettings
{
    /// <summary>Gets or sets the model: <c>Local</c> (the embedded classifier), <c>OpenAI</c>, <c>AzureOpenAI</c> or <c>Ollama</c>.</summary>
    public string Provider { get; set; } = "Local";

    public string? Model { get; set; }

    public string? Endpoint { get; set; }

    public string ApiKeyEnvironmentVariable { get; set; } = "OPENAI_API_KEY";

    /// <summary>Gets or sets the confidence below which a ticket is sent to a person (<c>needs_human</c>).</summary>
    public double ConfidenceThreshold { get; set; } = 0.7;

    /// <summary>
    /// Gets or sets a value indicating whether the local classifier answers from its lexical (n-gram) head alone when that
    /// head is confident, and embeds only the other tickets with MiniLM. Off: every ticket is embedded.
    /// </summary>
    public bool Cascade { get; set; } = true;

    /// <summary>
    /// Gets or sets the lexical head's confidence from which the local classifier answers without embedding the ticket
    /// (chosen by eng/train-triage on its inner split, never on the validation split).
    /// </summary>
    public double CascadeThreshold { get; set; } = 0.85;

    /// <summary>Gets or sets the number of threads ONNX Runtime uses inside one MiniLM inference (0: its own choice).</summary>
    public int EmbeddingThreads { get; set; } = 1;

    /// <summary>Gets or sets how many tickets are in the pipeline at once (the classifier batches what is in flight).</summary>
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>Gets or sets the folder for the audit ledger and the demo audit key, relative to the sample folder.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Gets or sets the tenant (team) recorded on each ticket's audit record.</summary>
    public string Tenant { get; set; } = "support";

    /// <summary>Gets the approved categories: the only values <c>category</c> may take.</summary>
    public List<string> Categories { get; } = [];

    /// <summary>
    /// Gets or sets a file that replaces <see cref="Categories"/>: one approved category per line (relative to the sample
    /// folder). Blank lines and lines starting with <c>#</c> are skipped.
    /// </summary>
    public string? CategoriesFile { get; set; }

    /// <summary>Gets the priority of each category; categories not listed get <see cref="DefaultPriority"/>.</summary>
    public Dictionary<string, string> Priorities { get; } = new(StringComparer.Ordinal);

    public string DefaultPriority { get; set; } = "normal";
}
