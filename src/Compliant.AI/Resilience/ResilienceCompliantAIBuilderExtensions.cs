using Compliant.AI;
using Compliant.AI.Resilience.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the options of the resilience stage.</summary>
public static class ResilienceCompliantAIBuilderExtensions
{
    /// <summary>Registers <see cref="ResilienceOptions"/> bound from <c>Compliant:Resilience</c> and validated on start.</summary>
    /// <param name="builder">The Compliant.AI builder.</param>
    /// <param name="configure">An optional callback applied after configuration binding.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static CompliantAIBuilder AddResilience(this CompliantAIBuilder builder, Action<ResilienceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddCompliantOptions<ResilienceOptions>(ResilienceOptions.SectionName, static (section, options) => section.Bind(options));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ResilienceOptions>, ResilienceOptionsValidation>());
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        return builder;
    }
}
