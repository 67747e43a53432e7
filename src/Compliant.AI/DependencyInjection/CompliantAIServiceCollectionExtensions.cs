using System.Diagnostics.CodeAnalysis;
using Compliant.AI;
using Compliant.AI.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Compliant.AI's shared services.</summary>
public static class CompliantAIServiceCollectionExtensions
{
    /// <summary>Adds Compliant.AI's shared services: the caller accessor, the clock and the options bound from <c>Compliant</c>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">An optional callback applied after configuration binding.</param>
    /// <returns>A builder to add capabilities to.</returns>
    /// <remarks>Safe to call more than once: services are added with <c>TryAdd</c> and options callbacks accumulate.</remarks>
    public static CompliantAIBuilder AddCompliantAI(this IServiceCollection services, Action<CompliantAIOptions>? configure = null)
    {
        Throw.IfNull(services);

        services.AddOptions();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ICallerContextAccessor, CallerContextAccessor>();
        services.AddCompliantOptions<CompliantAIOptions>(CompliantAIOptions.SectionName, static (section, options) => section.Bind(options));
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return new CompliantAIBuilder(services);
    }

    /// <summary>
    /// Registers <typeparamref name="TOptions"/> bound from <paramref name="sectionPath"/> of the host's
    /// <see cref="IConfiguration"/> (when one is registered), validated at start-up.
    /// </summary>
    /// <remarks>
    /// <paramref name="bind"/> is written at each call site with the concrete options type so the configuration-binding
    /// source generator handles it (no reflection, trim- and AOT-safe).
    /// </remarks>
    internal static OptionsBuilder<TOptions> AddCompliantOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(this IServiceCollection services, string sectionPath, Action<IConfiguration, TOptions> bind)
        where TOptions : class
    {
        OptionsBuilder<TOptions> builder = services.AddOptions<TOptions>();
        services.TryAddSingleton(new ConfigurationBindingSource<TOptions>(sectionPath, bind));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<TOptions>, ConfigurationBinding<TOptions>>());
        builder.ValidateOnStart();
        return builder;
    }
}
