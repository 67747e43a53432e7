using Compliant.AI;
using Compliant.AI.Internal;
using Compliant.AI.PiiRedaction.Internal;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PII redaction stage's services.</summary>
public static class PiiRedactionCompliantAIBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="PiiRedactionOptions"/> (bound from <c>Compliant:Pii:Redaction</c>, validated on start) and the
    /// default <see cref="InMemoryPseudonymVault"/>, for <c>UsePiiRedaction()</c>.
    /// </summary>
    /// <param name="builder">The Compliant.AI builder.</param>
    /// <param name="configure">An optional callback applied after configuration binding.</param>
    /// <returns>The <paramref name="builder"/>.</returns>
    /// <remarks>
    /// Safe to call more than once. A vault registered before (for example with <see cref="AddDistributedPseudonymVault"/>) is kept.
    /// The stage also needs an <see cref="IPiiDetector"/>: the built-in one comes with the <c>Compliant.AI.Pii</c> package
    /// (<c>AddPiiDetection()</c>); any other implementation registered in DI works the same.
    /// </remarks>
    public static CompliantAIBuilder AddPiiRedaction(this CompliantAIBuilder builder, Action<PiiRedactionOptions>? configure = null)
    {
        Throw.IfNull(builder);
        IServiceCollection services = builder.Services;
        services.AddCompliantOptions<PiiRedactionOptions>(PiiRedactionOptions.SectionName, static (section, options) => section.Bind(options));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PiiRedactionOptions>, PiiRedactionOptionsValidation>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton<IPseudonymVault>(static sp =>
        {
            PiiRedactionOptions options = sp.GetRequiredService<IOptions<PiiRedactionOptions>>().Value;
            return new InMemoryPseudonymVault(sp.GetService<TimeProvider>(), options.VaultExpiry, options.VaultMaxScopes, options.VaultMaxEntriesPerScope);
        });
        return builder;
    }

    /// <summary>
    /// Registers a <see cref="DistributedPseudonymVault"/> over the registered <see cref="IDistributedCache"/>, replacing the
    /// in-memory vault, for hosts where several instances serve one conversation.
    /// </summary>
    /// <param name="builder">The Compliant.AI builder.</param>
    /// <returns>The <paramref name="builder"/>.</returns>
    /// <remarks>
    /// The key is the registered <see cref="PiiKey"/>, else the one in <see cref="PiiRedactionOptions.KeyEnvironmentVariable"/>;
    /// every instance must use the same key. Register an <see cref="IDistributedCache"/> (for example Redis) yourself.
    /// </remarks>
    public static CompliantAIBuilder AddDistributedPseudonymVault(this CompliantAIBuilder builder)
    {
        Throw.IfNull(builder);
        builder.AddPiiRedaction();
        builder.Services.Replace(ServiceDescriptor.Singleton<IPseudonymVault>(static sp =>
        {
            PiiRedactionOptions options = sp.GetRequiredService<IOptions<PiiRedactionOptions>>().Value;
            PiiKey key = sp.GetService<PiiKey>() ?? PiiKey.FromEnvironment(options.KeyEnvironmentVariable);
            return new DistributedPseudonymVault(sp.GetRequiredService<IDistributedCache>(), key, options.VaultExpiry);
        }));
        return builder;
    }
}
