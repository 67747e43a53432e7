using Compliant.AI;
using Compliant.AI.Internal;
using Compliant.AI.StructuredOutput.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the structured-output options with Compliant.AI.</summary>
public static class StructuredOutputCompliantAIBuilderExtensions
{
    /// <summary>Registers <see cref="StructuredOutputOptions"/> bound from <c>Compliant:StructuredOutput</c> and validated at start-up, for <c>UseStructuredOutput()</c> to pick up.</summary>
    /// <param name="builder">The Compliant.AI builder.</param>
    /// <param name="configure">An optional callback applied after configuration binding.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static CompliantAIBuilder AddStructuredOutput(this CompliantAIBuilder builder, Action<StructuredOutputOptions>? configure = null)
    {
        Throw.IfNull(builder);
        builder.Services.AddCompliantOptions<StructuredOutputOptions>(StructuredOutputOptions.SectionName, static (section, options) => section.Bind(options));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StructuredOutputOptions>, StructuredOutputOptionsValidator>());
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        return builder;
    }
}
