namespace PolicyAssistant;

/// <summary>The sample's own settings (section <c>PolicyAssistant</c>); the library's live under <c>Compliant</c>.</summary>
public sealed class AssistantSettings
{
    /// <summary>Extractive (offline, default), OpenAI, AzureOpenAI or Ollama.</summary>
    public string Provider { get; set; } = "Extractive";

    public string? Model { get; set; }

    /// <summary>Provider endpoint: Ollama's URL, an Azure OpenAI v1 endpoint, or an OpenAI-compatible base URL.</summary>
    public string? Endpoint { get; set; }

    public string ApiKeyEnvironmentVariable { get; set; } = "OPENAI_API_KEY";

    /// <summary>InMemory (BM25, default) or Qdrant (dense retrieval with the offline hashing embeddings).</summary>
    public string Store { get; set; } = "InMemory";

    /// <summary>Where the index, the audit ledger and the demo audit key live; relative to the sample folder.</summary>
    public string DataDirectory { get; set; } = "data";
}
