using Compliant.AI.Tests.Retrieval.Fakes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Compliant.AI.Tests.Retrieval;

public sealed class VectorDataCompliantAIBuilderExtensionsTests
{
    [Fact]
    public async Task AddVectorDataRetrieval_Alone_RegistersTheStoreAndADenseRetrieverOverIt()
    {
        var collection = new TestVectorDataCollection();
        var services = new ServiceCollection();
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new HashingEmbeddingGenerator());
        services.AddCompliantAI().AddVectorDataRetrieval(_ => collection);
        using ServiceProvider sp = services.BuildServiceProvider();

        VectorDataChunkStore store = sp.GetRequiredService<VectorDataChunkStore>();
        Assert.Same(store, sp.GetRequiredService<IVectorChunkStore>());
        Assert.Same(collection, store.Collection);
        Assert.IsType<DenseRetriever>(sp.GetRequiredService<IRetriever>());

        await new DocumentIngestor([new VectorChunkIndex(store, sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>())]).IngestAsync(RetrievalTestData.Corpus());
        RetrievalResult result = await sp.GetRequiredService<IRetriever>().RetrieveAsync(new RetrievalRequest("audit logs retained seven years", CallerContext.Anonymous));
        Assert.Equal("public-retention", result.Passages[0].DocumentId);
    }

    [Fact]
    public async Task AddVectorDataRetrieval_AfterInMemoryHybrid_IngestorWritesToTheCollectionAndHybridReadsIt()
    {
        var collection = new TestVectorDataCollection();
        var services = new ServiceCollection();
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new HashingEmbeddingGenerator());
        services.AddCompliantAI()
            .AddInMemoryRetrieval(o => o.Mode = RetrievalMode.Hybrid)
            .AddVectorDataRetrieval(_ => collection);
        using ServiceProvider sp = services.BuildServiceProvider();

        IngestionResult ingested = await sp.GetRequiredService<DocumentIngestor>().IngestAsync(RetrievalTestData.Corpus());
        RetrievalResult result = await sp.GetRequiredService<IRetriever>().RetrieveAsync(new RetrievalRequest("audit logs retained", CallerContext.Anonymous));

        ingested.ThrowIfFailed();
        Assert.Equal(RetrievalTestData.Corpus().Count, collection.Snapshot().Select(r => r.DocumentId).Distinct().Count());
        Assert.IsType<HybridRetriever>(sp.GetRequiredService<IRetriever>());
        Assert.Equal("public-retention", result.Passages[0].DocumentId);
        Assert.NotNull(collection.LastSearchFilter);
    }

    [Fact]
    public void AddVectorDataRetrieval_OptionsFromConfiguration_AreBoundAndValidated()
    {
        IConfiguration config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Compliant:VectorData:DistanceFunction"] = "CosineDistance",
            ["Compliant:VectorData:RequestTimeout"] = "00:00:05",
            ["Compliant:VectorData:UpsertBatchSize"] = "16",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton(config);
        services.AddCompliantAI().AddVectorDataRetrieval(_ => new TestVectorDataCollection(), o => o.QueryOversampling = 4);
        using ServiceProvider sp = services.BuildServiceProvider();

        VectorDataChunkStoreOptions o = sp.GetRequiredService<IOptions<VectorDataChunkStoreOptions>>().Value;
        Assert.Equal("CosineDistance", o.DistanceFunction);
        Assert.Equal(TimeSpan.FromSeconds(5), o.RequestTimeout);
        Assert.Equal(16, o.UpsertBatchSize);
        Assert.Equal(4, o.QueryOversampling);
    }

    [Fact]
    public void AddVectorDataRetrieval_InvalidOptions_FailValidation()
    {
        var services = new ServiceCollection();
        services.AddCompliantAI().AddVectorDataRetrieval(_ => new TestVectorDataCollection(), o => o.DistanceFunction = "Hamming");
        using ServiceProvider sp = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<VectorDataChunkStoreOptions>>().Value);
        Assert.Contains("distance function", ex.Message, StringComparison.Ordinal);
    }
}
