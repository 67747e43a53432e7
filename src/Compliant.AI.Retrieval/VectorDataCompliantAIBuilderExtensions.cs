using Compliant.AI;
using Compliant.AI.Internal;
using Compliant.AI.Retrieval.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a Microsoft.Extensions.VectorData collection as Compliant.AI's vector store.</summary>
public static class VectorDataCompliantAIBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="VectorDataChunkStore"/> over the collection <paramref name="collectionFactory"/> returns (also as
    /// <see cref="IVectorChunkStore"/>, replacing any other) and a <see cref="DenseRetriever"/> over it as
    /// <see cref="IRetriever"/> when none is registered, with <see cref="VectorDataChunkStoreOptions"/> bound from
    /// <c>Compliant:VectorData</c> and validated at start-up.
    /// </summary>
    /// <param name="builder">The Compliant.AI builder.</param>
    /// <param name="collectionFactory">
    /// Creates the collection once, for example
    /// <c>sp =&gt; sp.GetRequiredService&lt;VectorStore&gt;().GetCollection&lt;string, VectorChunkRecord&gt;("chunks", VectorChunkRecord.CreateDefinition(384))</c>.
    /// </param>
    /// <param name="configure">An optional callback applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// <para>
    /// The retriever needs an <c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c> in the container, producing
    /// vectors of the collection's dimension. For hybrid retrieval (BM25 + this store) and for the
    /// <see cref="DocumentIngestor"/>, call <c>AddInMemoryRetrieval(o =&gt; o.Mode = RetrievalMode.Hybrid)</c> first: its
    /// retriever and ingestor use the registered <see cref="IVectorChunkStore"/>, which is this store.
    /// </para>
    /// <para>Safe to call more than once: the first factory wins.</para>
    /// </remarks>
    public static CompliantAIBuilder AddVectorDataRetrieval(
        this CompliantAIBuilder builder,
        Func<IServiceProvider, VectorStoreCollection<string, VectorChunkRecord>> collectionFactory,
        Action<VectorDataChunkStoreOptions>? configure = null)
    {
        Throw.IfNull(builder);
        Throw.IfNull(collectionFactory);
        IServiceCollection services = builder.Services;
        services.AddCompliantOptions<VectorDataChunkStoreOptions>(VectorDataChunkStoreOptions.SectionName, static (section, options) => section.Bind(options));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VectorDataChunkStoreOptions>, VectorDataChunkStoreOptionsValidator>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(sp => new VectorDataChunkStore(
            collectionFactory(sp) ?? throw new InvalidOperationException("The VectorData collection factory returned null."),
            sp.GetRequiredService<IOptions<VectorDataChunkStoreOptions>>().Value,
            sp.GetService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger("Compliant.AI.Retrieval")));
        services.Replace(ServiceDescriptor.Singleton<IVectorChunkStore>(static sp => sp.GetRequiredService<VectorDataChunkStore>()));
        services.TryAddSingleton<IRetriever>(static sp => new DenseRetriever(
            sp.GetRequiredService<VectorDataChunkStore>(),
            sp.GetService<IEmbeddingGenerator<string, Embedding<float>>>()
                ?? throw new InvalidOperationException("Dense retrieval over a VectorData collection needs an IEmbeddingGenerator<string, Embedding<float>> in the service collection."),
            sp.GetService<IOptions<RetrievalOptions>>()?.Value.Dense,
            sp.GetService<ILoggerFactory>()?.CreateLogger("Compliant.AI.Retrieval")));
        return builder;
    }
}
