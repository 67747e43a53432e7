using Compliant.AI;
using Compliant.AI.Internal;
using Compliant.AI.Retrieval.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Compliant.AI's in-process retrieval.</summary>
public static class RetrievalCompliantAIBuilderExtensions
{
    /// <summary>
    /// Registers the in-memory BM25 index, the in-memory vector store, a <see cref="DocumentIngestor"/> writing to them,
    /// and an <see cref="IRetriever"/> chosen by <see cref="RetrievalOptions.Mode"/>; options bind from <c>Compliant:Retrieval</c>.
    /// </summary>
    /// <param name="builder">The Compliant.AI builder.</param>
    /// <param name="configure">An optional callback applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// <para>
    /// <see cref="RetrievalMode.Dense"/> and <see cref="RetrievalMode.Hybrid"/> need an
    /// <c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c> in the container (for example
    /// <see cref="HashingEmbeddingGenerator"/> offline); an <see cref="IReranker"/> in the container is applied by hybrid
    /// retrieval. An <see cref="IVectorChunkStore"/> registered before this call (for example Qdrant) replaces the in-memory
    /// store. Registered <see cref="IIngestionTransform"/>s run on every ingested document, in registration order.
    /// </para>
    /// <para>Safe to call more than once (services are added with <c>TryAdd</c>).</para>
    /// </remarks>
    public static CompliantAIBuilder AddInMemoryRetrieval(this CompliantAIBuilder builder, Action<RetrievalOptions>? configure = null)
    {
        Throw.IfNull(builder);
        IServiceCollection services = builder.Services;
        services.AddCompliantOptions<RetrievalOptions>(RetrievalOptions.SectionName, static (section, options) => Bind(section, options));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RetrievalOptions>, RetrievalOptionsValidator>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(static sp => new InMemoryBm25Index(
            sp.GetRequiredService<IOptions<RetrievalOptions>>().Value.Bm25,
            logger: sp.GetService<ILoggerFactory>()?.CreateLogger("Compliant.AI.Retrieval")));
        services.TryAddSingleton<IVectorChunkStore>(static _ => new InMemoryVectorStore());
        services.TryAddSingleton(static sp =>
        {
            RetrievalOptions options = sp.GetRequiredService<IOptions<RetrievalOptions>>().Value;
            var indexes = new List<IChunkIndex> { sp.GetRequiredService<InMemoryBm25Index>() };
            if (options.Mode != RetrievalMode.Bm25)
            {
                indexes.Add(new VectorChunkIndex(sp.GetRequiredService<IVectorChunkStore>(), RequireGenerator(sp), options.EmbeddingBatchSize));
            }

            return new DocumentIngestor(
                indexes,
                options.Chunking,
                sp.GetServices<IIngestionTransform>(),
                sp.GetService<TimeProvider>(),
                sp.GetService<ILoggerFactory>()?.CreateLogger("Compliant.AI.Retrieval"));
        });
        services.TryAddSingleton<IRetriever>(static sp =>
        {
            RetrievalOptions options = sp.GetRequiredService<IOptions<RetrievalOptions>>().Value;
            ILogger? logger = sp.GetService<ILoggerFactory>()?.CreateLogger("Compliant.AI.Retrieval");
            InMemoryBm25Index bm25 = sp.GetRequiredService<InMemoryBm25Index>();
            return options.Mode switch
            {
                RetrievalMode.Dense => new DenseRetriever(sp.GetRequiredService<IVectorChunkStore>(), RequireGenerator(sp), options.Dense, logger),
                RetrievalMode.Hybrid => new HybridRetriever(
                    [bm25, new DenseRetriever(sp.GetRequiredService<IVectorChunkStore>(), RequireGenerator(sp), options.Dense, logger)],
                    options.Hybrid,
                    sp.GetService<IReranker>(),
                    logger),
                _ => bm25,
            };
        });
        return builder;
    }

    // ChunkingOptions.Tokenizer is code-only, so the section is bound member by member (still source-generated).
    private static void Bind(IConfiguration section, RetrievalOptions options)
    {
        if (section["Mode"] is { Length: > 0 } mode)
        {
            options.Mode = Enum.TryParse(mode, ignoreCase: true, out RetrievalMode parsed)
                ? parsed
                : throw new InvalidOperationException($"Compliant:Retrieval:Mode must be one of Bm25, Dense, Hybrid; got '{mode}'.");
        }

        options.EmbeddingBatchSize = section.GetValue("EmbeddingBatchSize", options.EmbeddingBatchSize);
        section.GetSection("Bm25").Bind(options.Bm25);
        section.GetSection("Dense").Bind(options.Dense);
        section.GetSection("Hybrid").Bind(options.Hybrid);
        IConfiguration chunking = section.GetSection("Chunking");
        options.Chunking.MaxTokens = chunking.GetValue("MaxTokens", options.Chunking.MaxTokens);
        options.Chunking.OverlapTokens = chunking.GetValue("OverlapTokens", options.Chunking.OverlapTokens);
        options.Chunking.MaxDocumentLength = chunking.GetValue("MaxDocumentLength", options.Chunking.MaxDocumentLength);
    }

    private static IEmbeddingGenerator<string, Embedding<float>> RequireGenerator(IServiceProvider services) =>
        services.GetService<IEmbeddingGenerator<string, Embedding<float>>>()
        ?? throw new InvalidOperationException("Dense and hybrid retrieval need an IEmbeddingGenerator<string, Embedding<float>> in the service collection (for example HashingEmbeddingGenerator for offline use).");
}
