using Compliant.AI;
using Compliant.AI.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Qdrant as Compliant.AI's vector store and dense retriever.</summary>
public static class QdrantCompliantAIBuilderExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the store's gRPC channel sends its calls with (configure handlers on it, for example a proxy or a resilience pipeline).</summary>
    public const string HttpClientName = "Compliant.AI.Qdrant";

    /// <summary>
    /// Registers <see cref="QdrantVectorStore"/> (also as <see cref="IVectorChunkStore"/>, replacing any other) and
    /// <see cref="QdrantRetriever"/> (also as <see cref="IRetriever"/> when none is registered), with
    /// <see cref="QdrantOptions"/> bound from <c>Compliant:Qdrant</c> and validated at start-up.
    /// </summary>
    /// <param name="builder">The Compliant.AI builder.</param>
    /// <param name="configure">An optional callback applied after configuration binding.</param>
    /// <param name="configureHttpClient">An optional callback to configure the named <see cref="HttpClient"/> (handlers, resilience, proxies).</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// The retriever needs an <c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c> registered in the container,
    /// producing vectors of <see cref="QdrantOptions.VectorSize"/> dimensions. Calls go through the official
    /// <c>Qdrant.Client</c> over a gRPC channel on the <see cref="HttpClient"/> named <see cref="HttpClientName"/> from
    /// <see cref="IHttpClientFactory"/> (created once, on first use); its own timeout is disabled because each call has
    /// <see cref="QdrantOptions.RequestTimeout"/>.
    /// </remarks>
    public static CompliantAIBuilder AddQdrantRetrieval(this CompliantAIBuilder builder, Action<QdrantOptions>? configure = null, Action<IHttpClientBuilder>? configureHttpClient = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        IServiceCollection services = builder.Services;

        services.AddOptions<QdrantOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<QdrantOptions>, QdrantOptionsSetup>(sp => new QdrantOptionsSetup(sp.GetService<IConfiguration>())));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<QdrantOptions>, QdrantOptionsValidator>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        IHttpClientBuilder http = services.AddHttpClient(HttpClientName, static client => client.Timeout = Timeout.InfiniteTimeSpan);
        configureHttpClient?.Invoke(http);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static sp =>
        {
            IHttpClientFactory factory = sp.GetRequiredService<IHttpClientFactory>();
            return new QdrantVectorStore(
                () => factory.CreateClient(HttpClientName),
                sp.GetRequiredService<IOptions<QdrantOptions>>().Value,
                sp.GetService<TimeProvider>(),
                sp.GetService<ILoggerFactory>()?.CreateLogger<QdrantVectorStore>());
        });
        services.Replace(ServiceDescriptor.Singleton<IVectorChunkStore>(static sp => sp.GetRequiredService<QdrantVectorStore>()));
        services.TryAddSingleton(static sp => new QdrantRetriever(
            sp.GetRequiredService<QdrantVectorStore>(),
            sp.GetService<IEmbeddingGenerator<string, Embedding<float>>>()
                ?? throw new InvalidOperationException("QdrantRetriever needs an IEmbeddingGenerator<string, Embedding<float>> registered in the service collection."),
            sp.GetService<IOptions<DenseRetrieverOptions>>()?.Value,
            sp.GetService<ILogger<QdrantRetriever>>()));
        services.TryAddSingleton<IRetriever>(static sp => sp.GetRequiredService<QdrantRetriever>());
        return builder;
    }
}
