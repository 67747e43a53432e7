using Compliant.AI;
using Compliant.AI.Grounding.Internal;
using Compliant.AI.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the grounding stage's options.</summary>
public static class GroundingCompliantAIBuilderExtensions
{
    /// <summary>Registers <see cref="GroundingOptions"/> bound from <c>Compliant:Grounding</c> and validated at start-up.</summary>
    /// <param name="builder">The Compliant.AI builder.</param>
    /// <param name="configure">An optional callback applied after configuration binding.</param>
    /// <returns>The <paramref name="builder"/>.</returns>
    /// <remarks>The stage itself is added to a pipeline with <c>UseGrounding()</c>; it also needs an <see cref="IRetriever"/>.</remarks>
    public static CompliantAIBuilder AddGrounding(this CompliantAIBuilder builder, Action<GroundingOptions>? configure = null)
    {
        Throw.IfNull(builder);
        builder.Services.AddCompliantOptions<GroundingOptions>(GroundingOptions.SectionName, static (section, options) => section.Bind(options));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GroundingOptions>, GroundingOptionsValidation>());
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        return builder;
    }
}
