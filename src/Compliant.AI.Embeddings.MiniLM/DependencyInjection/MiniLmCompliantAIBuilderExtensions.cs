using Compliant.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the offline MiniLM embedding generator.</summary>
public static class MiniLmCompliantAIBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="MiniLmEmbeddingGenerator"/> as a singleton, also as
    /// <c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c> when no other generator is registered, so dense
    /// retrieval (<c>DenseRetriever</c> of Compliant.AI.Retrieval, Qdrant) can use it.
    /// </summary>
    /// <param name="builder">The Compliant.AI builder.</param>
    /// <param name="configure">An optional callback for the options.</param>
    /// <returns>The builder.</returns>
    /// <remarks>The model loads on the first embedding call; the container disposes the generator.</remarks>
    public static CompliantAIBuilder AddMiniLmEmbeddings(this CompliantAIBuilder builder, Action<MiniLmEmbeddingGeneratorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new MiniLmEmbeddingGeneratorOptions();
        configure?.Invoke(options);
        builder.Services.TryAddSingleton(_ => new MiniLmEmbeddingGenerator(options));
        builder.Services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(static sp => sp.GetRequiredService<MiniLmEmbeddingGenerator>());
        return builder;
    }
}
