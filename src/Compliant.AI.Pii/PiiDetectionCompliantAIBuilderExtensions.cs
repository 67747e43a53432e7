using Compliant.AI;
using Compliant.AI.Internal;
using Compliant.AI.Pii.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers PII detection.</summary>
public static class PiiDetectionCompliantAIBuilderExtensions
{
    /// <summary>Registers <see cref="IPiiDetector"/> (a <see cref="PiiDetector"/>) with options bound from <c>Compliant:Pii:Detection</c>.</summary>
    /// <param name="builder">The Compliant.AI builder.</param>
    /// <param name="configure">An optional callback applied after configuration binding.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>
    /// Safe to call more than once: the detector is added with <c>TryAdd</c> and options callbacks accumulate.
    /// Recognizers registered as <see cref="PiiRecognizer"/> services run besides the built-in ones.
    /// </remarks>
    public static CompliantAIBuilder AddPiiDetection(this CompliantAIBuilder builder, Action<PiiDetectionOptions>? configure = null)
    {
        Throw.IfNull(builder);
        IServiceCollection services = builder.Services;
        services.AddCompliantOptions<PiiDetectionOptions>(PiiDetectionOptions.SectionName, static (section, options) => section.Bind(options));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PiiDetectionOptions>, PiiDetectionOptionsValidator>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton<IPiiDetector>(static sp => new PiiDetector(
            sp.GetRequiredService<IOptions<PiiDetectionOptions>>().Value,
            sp.GetServices<PiiRecognizer>(),
            sp.GetService<ILogger<PiiDetector>>()));
        return builder;
    }
}
