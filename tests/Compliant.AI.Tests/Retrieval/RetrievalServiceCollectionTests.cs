using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Compliant.AI.Tests.Retrieval;

public sealed class RetrievalServiceCollectionTests
{
    [Fact]
    public void AddInMemoryRetrieval_Defaults_RegistersBm25()
    {
        var services = new ServiceCollection();
        services.AddCompliantAI().AddInMemoryRetrieval();
        using ServiceProvider sp = services.BuildServiceProvider();

        Assert.IsType<InMemoryBm25Index>(sp.GetRequiredService<IRetriever>());
        Assert.NotNull(sp.GetRequiredService<DocumentIngestor>());
        RetrievalOptions o = sp.GetRequiredService<IOptions<RetrievalOptions>>().Value;
        Assert.Equal(RetrievalMode.Bm25, o.Mode);
        Assert.Equal(1.2, o.Bm25.K1);
        Assert.Equal(0.75, o.Bm25.B);
        Assert.Empty(o.Bm25.QueryVocabulary);
        Assert.Equal(0.5, o.Bm25.MinimumTermCoverage);
        Assert.Equal(256, o.Chunking.MaxTokens);
        Assert.Equal(32, o.Chunking.OverlapTokens);
        Assert.Equal(60, o.Hybrid.RrfK);
        Assert.Equal(0.3, o.Dense.MinimumSimilarity);
        Assert.Equal(64, o.EmbeddingBatchSize);
    }

    [Fact]
    public async Task AddInMemoryRetrieval_HybridFromConfiguration_IngestsAndRetrieves()
    {
        IConfiguration config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Compliant:Retrieval:Mode"] = "Hybrid",
            ["Compliant:Retrieval:Bm25:K1"] = "1.5",
            ["Compliant:Retrieval:Bm25:MinimumTermCoverage"] = "0.65",
            ["Compliant:Retrieval:Bm25:QueryVocabulary:Patient"] = "individual",
            ["Compliant:Retrieval:Dense:MinimumSimilarity"] = "0.55",
            ["Compliant:Retrieval:Chunking:MaxTokens"] = "128",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton(config);
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new HashingEmbeddingGenerator());
        services.AddCompliantAI().AddInMemoryRetrieval();
        using ServiceProvider sp = services.BuildServiceProvider();

        RetrievalOptions o = sp.GetRequiredService<IOptions<RetrievalOptions>>().Value;
        Assert.Equal(1.5, o.Bm25.K1);
        Assert.Equal(0.65, o.Bm25.MinimumTermCoverage);
        Assert.Equal("individual", o.Bm25.QueryVocabulary["patient"]);
        Assert.Equal(0.55, o.Dense.MinimumSimilarity);
        Assert.Equal(128, o.Chunking.MaxTokens);
        Assert.IsType<HybridRetriever>(sp.GetRequiredService<IRetriever>());
        await sp.GetRequiredService<DocumentIngestor>().IngestAsync(RetrievalTestData.Corpus());
        RetrievalResult r = await sp.GetRequiredService<IRetriever>().RetrieveAsync(new RetrievalRequest("audit logs retained", CallerContext.Anonymous));
        Assert.Equal("public-retention", r.Passages[0].DocumentId);
    }

    [Fact]
    public void AddInMemoryRetrieval_InvalidOptions_FailValidation()
    {
        var services = new ServiceCollection();
        services.AddCompliantAI().AddInMemoryRetrieval(o => o.Bm25.B = 2);
        using ServiceProvider sp = services.BuildServiceProvider();

        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<RetrievalOptions>>().Value);
        Assert.Contains("B", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddInMemoryRetrieval_NegativeEvidenceWeight_FailsValidation()
    {
        var services = new ServiceCollection();
        services.AddCompliantAI().AddInMemoryRetrieval(o => o.Hybrid.EvidenceWeights.Add(-1));
        using ServiceProvider sp = services.BuildServiceProvider();

        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<RetrievalOptions>>().Value);
        Assert.Contains("EvidenceWeights", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddInMemoryRetrieval_SentenceEvidenceDepthOutOfRange_FailsValidation()
    {
        var services = new ServiceCollection();
        services.AddCompliantAI().AddInMemoryRetrieval(o => o.Dense.SentenceEvidenceDepth = 21);
        using ServiceProvider sp = services.BuildServiceProvider();

        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<RetrievalOptions>>().Value);
        Assert.Contains("SentenceEvidenceDepth", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddInMemoryRetrieval_DenseWithoutGenerator_ThrowsClearError()
    {
        var services = new ServiceCollection();
        services.AddCompliantAI().AddInMemoryRetrieval(o => o.Mode = RetrievalMode.Dense);
        using ServiceProvider sp = services.BuildServiceProvider();

        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() => sp.GetRequiredService<IRetriever>());
        Assert.Contains("IEmbeddingGenerator", ex.Message, StringComparison.Ordinal);
    }
}
