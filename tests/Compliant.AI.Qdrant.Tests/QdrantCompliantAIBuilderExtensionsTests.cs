using Compliant.AI.Tests.Fakes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Compliant.AI.Tests;

public sealed class QdrantCompliantAIBuilderExtensionsTests
{
    [Fact]
    public void AddQdrantRetrieval_BindsOptionsFromConfiguration()
    {
        using ServiceProvider provider = Build(new Dictionary<string, string?>
        {
            ["Compliant:Qdrant:Endpoint"] = "http://qdrant.internal:6334",
            ["Compliant:Qdrant:ApiKey"] = "k",
            ["Compliant:Qdrant:Collection"] = "policies",
            ["Compliant:Qdrant:VectorSize"] = "4",
            ["Compliant:Qdrant:Distance"] = "Dot",
            ["Compliant:Qdrant:RequestTimeout"] = "00:00:05",
            ["Compliant:Qdrant:UpsertBatchSize"] = "16",
        });

        QdrantOptions options = provider.GetRequiredService<IOptions<QdrantOptions>>().Value;

        Assert.Equal(new Uri("http://qdrant.internal:6334"), options.Endpoint);
        Assert.Equal("k", options.ApiKey);
        Assert.Equal("policies", options.Collection);
        Assert.Equal(4, options.VectorSize);
        Assert.Equal(QdrantDistance.Dot, options.Distance);
        Assert.Equal(TimeSpan.FromSeconds(5), options.RequestTimeout);
        Assert.Equal(16, options.UpsertBatchSize);
    }

    [Fact]
    public void AddQdrantRetrieval_InvalidConfiguration_FailsValidation()
    {
        using ServiceProvider provider = Build(new Dictionary<string, string?> { ["Compliant:Qdrant:VectorSize"] = "4" });

        OptionsValidationException error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<QdrantOptions>>().Value);
        Assert.Contains("Endpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddQdrantRetrieval_ResolvesStoreAndRetriever_ThroughTheNamedHttpClient()
    {
        var server = new FakeQdrantServer();
        var services = new ServiceCollection();
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new FakeEmbeddingGenerator());
        services.AddCompliantAI().AddQdrantRetrieval(
            o => { o.Endpoint = new Uri("http://qdrant.test:6334"); o.VectorSize = QdrantTestData.Dimensions; },
            http => http.ConfigurePrimaryHttpMessageHandler(() => server));
        using ServiceProvider provider = services.BuildServiceProvider();

        QdrantVectorStore store = provider.GetRequiredService<QdrantVectorStore>();
        Assert.Same(store, provider.GetRequiredService<IVectorChunkStore>());
        Assert.IsType<QdrantRetriever>(provider.GetRequiredService<IRetriever>());

        await provider.GetRequiredService<QdrantRetriever>().RetrieveAsync(new RetrievalRequest("q", CallerContext.Anonymous));
        Assert.Contains(server.Requests, r => r.Method == "qdrant.Points/Query" && r.Collection == "compliant_chunks");
    }

    [Fact]
    public void AddQdrantRetrieval_ReplacesAnInMemoryStoreRegisteredBefore()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new FakeEmbeddingGenerator());
        services.AddCompliantAI().AddInMemoryRetrieval(o => o.Mode = RetrievalMode.Hybrid).AddQdrantRetrieval(o => o.Endpoint = new Uri("http://qdrant.test:6334"));
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.IsType<QdrantVectorStore>(provider.GetRequiredService<IVectorChunkStore>());
        Assert.IsType<HybridRetriever>(provider.GetRequiredService<IRetriever>()); // the retrieval mode registered first wins
    }

    [Fact]
    public void AddQdrantRetrieval_NoEmbeddingGenerator_ThrowsClearError()
    {
        var services = new ServiceCollection();
        services.AddCompliantAI().AddQdrantRetrieval(o => o.Endpoint = new Uri("http://qdrant.test:6334"));
        using ServiceProvider provider = services.BuildServiceProvider();

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IRetriever>());
        Assert.Contains("IEmbeddingGenerator", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddQdrantRetrieval_CalledTwice_RegistersOneStore()
    {
        var services = new ServiceCollection();
        CompliantAIBuilder builder = services.AddCompliantAI();
        builder.AddQdrantRetrieval(o => o.Endpoint = new Uri("http://qdrant.test:6334"));
        builder.AddQdrantRetrieval();
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Single(services, d => d.ServiceType == typeof(IVectorChunkStore));
        Assert.Single(services, d => d.ServiceType == typeof(QdrantVectorStore));
        Assert.NotNull(provider.GetRequiredService<IVectorChunkStore>());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddCompliantAI().AddQdrantRetrieval();
        return services.BuildServiceProvider();
    }
}
