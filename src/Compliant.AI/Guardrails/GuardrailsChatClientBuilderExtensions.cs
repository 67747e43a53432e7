using Compliant.AI;
using Compliant.AI.Guardrails.Internal;
using Compliant.AI.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.AI;

/// <summary>Adds the guardrails stage to a chat client pipeline.</summary>
public static class GuardrailsChatClientBuilderExtensions
{
    /// <summary>Adds a <see cref="GuardrailsChatClient"/>: checks the user's turn and tool results for prompt injection.</summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="configure">An optional callback applied to a copy of the registered <see cref="GuardrailsOptions"/>.</param>
    /// <returns>The <paramref name="builder"/>.</returns>
    /// <remarks>
    /// Resolves from the pipeline's services: <see cref="IPromptInjectionDetector"/> (required; <c>AddPromptInjectionDetection()</c>
    /// from Compliant.AI.PromptInjection registers the default), <see cref="IOptions{GuardrailsOptions}"/> (registered by
    /// <c>AddGuardrails()</c>, bound from <c>Compliant:Guardrails</c>; defaults otherwise) and <see cref="ILoggerFactory"/>.
    /// Retrieved passages are checked only when <c>AddGuardrails()</c> decorated the registered <see cref="IRetriever"/>.
    /// </remarks>
    /// <exception cref="InvalidOperationException">No <see cref="IPromptInjectionDetector"/> is registered.</exception>
    public static ChatClientBuilder UseGuardrails(this ChatClientBuilder builder, Action<GuardrailsOptions>? configure = null)
    {
        Throw.IfNull(builder);
        return builder.Use((innerClient, services) =>
        {
            IPromptInjectionDetector detector = services.GetService<IPromptInjectionDetector>()
                ?? throw new InvalidOperationException($"UseGuardrails requires an {nameof(IPromptInjectionDetector)} registered in the service provider (for example AddPromptInjectionDetection()).");
            GuardrailsOptions options = StageOptions.Configure(services, configure, static o => o.Clone());
            bool passagesGuarded = services.GetService<IRetriever>() is GuardedRetriever;
            return new GuardrailsChatClient(
                innerClient,
                detector,
                options,
                StageOptions.Logger<GuardrailsChatClient>(services),
                passagesGuarded);
        });
    }
}
