using Compliant.AI;
using Compliant.AI.Internal;
using Compliant.AI.PromptInjection.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers prompt-injection detection.</summary>
public static class PromptInjectionDetectionCompliantAIBuilderExtensions
{
    /// <summary>Registers <see cref="IPromptInjectionDetector"/> (a <see cref="PromptInjectionDetector"/>) with options bound from <c>Compliant:PromptInjection:Detection</c>.</summary>
    /// <param name="builder">The Compliant.AI builder.</param>
    /// <param name="configure">An optional callback applied after configuration binding.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>Safe to call more than once: the detector is added with <c>TryAdd</c> and options callbacks accumulate.</remarks>
    public static CompliantAIBuilder AddPromptInjectionDetection(this CompliantAIBuilder builder, Action<PromptInjectionDetectionOptions>? configure = null)
    {
        Throw.IfNull(builder);
        IServiceCollection services = builder.Services;
        services.AddCompliantOptions<PromptInjectionDetectionOptions>(PromptInjectionDetectionOptions.SectionName, static (section, options) => section.Bind(options));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PromptInjectionDetectionOptions>, PromptInjectionDetectionOptionsValidator>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton<IPromptInjectionDetector>(static sp => new PromptInjectionDetector(sp.GetRequiredService<IOptions<PromptInjectionDetectionOptions>>().Value));
        return builder;
    }
}
