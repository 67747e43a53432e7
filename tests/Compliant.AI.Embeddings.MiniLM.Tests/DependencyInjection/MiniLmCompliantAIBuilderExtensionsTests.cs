using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Compliant.AI.Tests.DependencyInjection;

public sealed class MiniLmCompliantAIBuilderExtensionsTests
{
    [Fact]
    public void AddMiniLmEmbeddings_RegistersOneSingletonAsTheEmbeddingGenerator()
    {
        var services = new ServiceCollection();
        services.AddCompliantAI().AddMiniLmEmbeddings(o => o.BatchSize = 8);
        using ServiceProvider provider = services.BuildServiceProvider();

        var generator = provider.GetRequiredService<MiniLmEmbeddingGenerator>();
        Assert.Same(generator, provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
        Assert.False(generator.IsLoaded);
    }

    [Fact]
    public void AddMiniLmEmbeddings_ArcticEmbedXs_RegistersTheGeneratorOfThatModel()
    {
        var services = new ServiceCollection();
        services.AddCompliantAI().AddMiniLmEmbeddings(o => o.Model = MiniLmModel.ArcticEmbedXs);
        using ServiceProvider provider = services.BuildServiceProvider();

        IEmbeddingGenerator<string, Embedding<float>> generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        Assert.Equal(MiniLmEmbeddingGenerator.ArcticEmbedXsModelId, generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
    }

    [Fact]
    public void AddMiniLmEmbeddings_AnotherGeneratorRegisteredFirst_IsKept()
    {
        using var hashing = new HashingEmbeddingGenerator();
        var services = new ServiceCollection();
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(hashing);
        services.AddCompliantAI().AddMiniLmEmbeddings();
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Same(hashing, provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
    }

    [Fact]
    public void AddMiniLmEmbeddings_NullBuilder_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => MiniLmCompliantAIBuilderExtensions.AddMiniLmEmbeddings(null!));
    }
}
