using Compliant.AI.Retrieval.Internal;

namespace Compliant.AI.Tests.Retrieval;

/// <summary>Small synthetic corpora for retrieval tests (written for these tests; no third-party text).</summary>
internal static class RetrievalTestData
{
    public const string SecretWord = "zanzibarquartz";
    public const string SecretDocumentId = "restricted-merger-memo";
    public const string AllowedGroup = "mergers-team";

    public static IEnumerable<string> ManyGroups(int count, string prefix = "dept-") =>
        Enumerable.Range(0, count).Select(i => prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static List<SourceDocument> Corpus()
    {
        var docs = new List<SourceDocument>
        {
            new("public-retention", "# Retention\nAudit logs are retained for seven years. Access logs are kept for one year.")
            {
                Format = DocumentFormat.Markdown,
                Title = "Retention policy",
                AllowedPrincipals = [PrincipalNames.Everyone],
            },
            new("public-travel", "Travel expenses need a receipt. Meals are reimbursed up to a daily limit.")
            {
                Title = "Travel policy",
                AllowedPrincipals = [PrincipalNames.Everyone],
            },
            new(SecretDocumentId, $"The {SecretWord} acquisition closes next quarter. The {SecretWord} price is confidential.")
            {
                Title = "Project memo",
                AllowedPrincipals = [PrincipalNames.Group(AllowedGroup), PrincipalNames.User("ceo")],
                Classification = "restricted",
            },
        };

        // Many other restricted documents, each readable by one department, so the ACL postings are realistic.
        for (int i = 0; i < 50; i++)
        {
            docs.Add(new SourceDocument($"dept-doc-{i}", $"Department {i} runbook: restart the service and check the audit dashboard.")
            {
                AllowedPrincipals = [PrincipalNames.Group("dept-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            });
        }

        return docs;
    }

    public static async Task<(InMemoryBm25Index Bm25, InMemoryVectorStore Vectors, HashingEmbeddingGenerator Generator)> BuildAsync(IEnumerable<SourceDocument>? docs = null)
    {
        var bm25 = new InMemoryBm25Index();
        var vectors = new InMemoryVectorStore();
        var generator = new HashingEmbeddingGenerator();
        var ingestor = new DocumentIngestor([bm25, new VectorChunkIndex(vectors, generator)]);
        IngestionResult result = await ingestor.IngestAsync((docs ?? Corpus()).ToList());
        result.ThrowIfFailed();
        return (bm25, vectors, generator);
    }
}
