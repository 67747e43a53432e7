using Compliant.AI;
using Compliant.AI.Internal;
using Compliant.AI.PromptVersions.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers versioned prompt templates.</summary>
public static class PromptVersionsCompliantAIBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="PromptVersionsOptions"/> (bound from <c>Compliant:Prompts</c>, validated at start; a reload of that section
    /// is applied when valid, else logged and ignored) and a singleton <see cref="PromptCatalog"/>; <c>UseCompliance()</c> then adds the
    /// <see cref="PromptVersionsChatClient"/> stage just inside auditing.
    /// </summary>
    /// <param name="builder">The Compliant.AI builder.</param>
    /// <param name="configure">An optional callback applied after configuration binding.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>Safe to call more than once.</remarks>
    public static CompliantAIBuilder AddPromptVersions(this CompliantAIBuilder builder, Action<PromptVersionsOptions>? configure = null)
    {
        Throw.IfNull(builder);
        IServiceCollection services = builder.Services;
        services.AddCompliantOptions<PromptVersionsOptions>(PromptVersionsOptions.SectionName, static (section, options) => section.Bind(options));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PromptVersionsOptions>, PromptVersionsOptionsValidator>());
        services.TryAddSingleton(static sp => new PromptCatalog(
            () => sp.GetRequiredService<IOptionsFactory<PromptVersionsOptions>>().Create(Options.Options.DefaultName),
            new SectionChangeTokenSource<PromptVersionsOptions>(sp, sp.GetRequiredService<ConfigurationBindingSource<PromptVersionsOptions>>()).GetChangeToken,
            sp.GetService<ILoggerFactory>()?.CreateLogger<PromptCatalog>()));
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return builder;
    }
}
