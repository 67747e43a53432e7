using Compliant.AI;
using Compliant.AI.Guardrails.Internal;
using Compliant.AI.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the guardrails stage's options and puts its passage check in front of the registered retriever.</summary>
public static class GuardrailsCompliantAIBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="GuardrailsOptions"/> (bound from <c>Compliant:Guardrails</c>, validated at start) and decorates
    /// the <see cref="IRetriever"/> registered so far, so the grounding stage receives passages already checked (dropped,
    /// blocked or datamarked per the options).
    /// </summary>
    /// <param name="builder">The Compliant.AI builder.</param>
    /// <param name="configure">An optional callback applied after configuration binding.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>
    /// Call it after the retriever is registered; a retriever registered later is not checked. It needs an
    /// <see cref="IPromptInjectionDetector"/> (<c>AddPromptInjectionDetection()</c>). Safe to call more than once: the
    /// retriever is decorated once.
    /// </remarks>
    public static CompliantAIBuilder AddGuardrails(this CompliantAIBuilder builder, Action<GuardrailsOptions>? configure = null)
    {
        Throw.IfNull(builder);
        IServiceCollection services = builder.Services;
        services.AddCompliantOptions<GuardrailsOptions>(GuardrailsOptions.SectionName, static (section, options) => section.Bind(options));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GuardrailsOptions>, GuardrailsOptionsValidator>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        bool decorated = services.Any(static d => d.ServiceType == typeof(GuardedRetrieverMarker));
        for (int i = services.Count - 1; i >= 0 && !decorated; i--)
        {
            ServiceDescriptor descriptor = services[i];
            if (descriptor.ServiceType != typeof(IRetriever) || descriptor.IsKeyedService)
            {
                continue;
            }

            services[i] = ServiceDescriptor.Describe(
                typeof(IRetriever),
                sp => new GuardedRetriever(
                    Resolve(descriptor, sp),
                    new GuardrailsScreen(
                        sp.GetService<IPromptInjectionDetector>() ?? throw new InvalidOperationException($"AddGuardrails requires an {nameof(IPromptInjectionDetector)} (for example AddPromptInjectionDetection())."),
                        sp.GetRequiredService<IOptions<GuardrailsOptions>>().Value.Clone(),
                        (ILogger?)sp.GetService<ILoggerFactory>()?.CreateLogger<GuardrailsChatClient>() ?? NullLogger.Instance)),
                descriptor.Lifetime);
            services.Add(ServiceDescriptor.Describe(typeof(GuardedRetrieverMarker), typeof(GuardedRetrieverMarker), ServiceLifetime.Singleton));
            break;
        }

        return builder;
    }

    private static IRetriever Resolve(ServiceDescriptor descriptor, IServiceProvider services) =>
        descriptor.ImplementationInstance as IRetriever
        ?? (IRetriever?)descriptor.ImplementationFactory?.Invoke(services)
        ?? (IRetriever)ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!);
}
