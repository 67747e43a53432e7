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

    /// <summary>InMemory (the local index, default) or Qdrant (dense retrieval; needs <see cref="Embeddings"/>).</summary>
    public string Store { get; set; } = "InMemory";

    /// <summary>
    /// Hybrid (default: BM25 fused with dense retrieval over <see cref="Embeddings"/>, MiniLM unless set, and the extractive
    /// model also weighing each sentence's similarity to the question) or Bm25 (words only: faster first answer). The
    /// thresholds and fusion settings live in <c>Compliant:Retrieval</c> (<c>Bm25</c>, <c>Dense</c>, <c>Hybrid</c>); the
    /// dense evidence also compares the question with single sentences of the top passages
    /// (<c>Dense:SentenceEvidenceDepth</c>, <c>Dense:MinimumSentenceSimilarity</c>), and <c>Hybrid:EvidenceWeights</c>
    /// (two weights, BM25 coverage then dense similarity, or none) adds a weighted-sum rule.
    /// </summary>
    public string Retrieval { get; set; } = "Hybrid";

    /// <summary>The embedding generator for Hybrid retrieval and for Qdrant: MiniLM (offline all-MiniLM-L6-v2) or Hashing (lexical stand-in). Empty: none.</summary>
    public string? Embeddings { get; set; }

    /// <summary>Where the index, the audit ledger and the demo audit key live; relative to the sample folder.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The policy folder used when no <c>ingest --folder</c> chose one; relative to the sample folder. Empty: the bundled policies.</summary>
    public string? PolicyFolder { get; set; }

    /// <summary>File-name globs (relative to the policy folder) left out of the corpus, besides <see cref="PolicyCorpus.DefaultExcludes"/>.</summary>
    public string[] Exclude { get; set; } = [];

    /// <summary>The access rule for documents that declare none: <c>*</c> (everyone), a group name, <c>group:NAME</c> or <c>user:ID</c>. Empty: such documents stay unreadable.</summary>
    public string? DefaultAcl { get; set; }
}
