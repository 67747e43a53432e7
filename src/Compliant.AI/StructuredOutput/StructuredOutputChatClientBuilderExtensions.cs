using Compliant.AI;
using Compliant.AI.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.AI;

/// <summary>Adds <see cref="StructuredOutputChatClient"/> to a chat pipeline.</summary>
public static class StructuredOutputChatClientBuilderExtensions
{
    /// <summary>
    /// Validates answers against the JSON schema each request asks for (as <c>GetResponseAsync&lt;T&gt;</c> does), re-asks
    /// with the validation errors, and throws <see cref="StructuredOutputValidationException"/> when attempts run out.
    /// </summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="configure">An optional callback applied to the options (after those registered in DI, if any).</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <remarks>
    /// Options start from <c>IOptions&lt;StructuredOutputOptions&gt;</c> when registered (see
    /// <c>AddStructuredOutput</c>, bound from <c>Compliant:StructuredOutput</c>), else from the defaults.
    /// <see cref="ILoggerFactory"/> and <see cref="TimeProvider"/> are resolved from the services when present.
    /// Place it outside PII redaction, so the schema sees restored values.
    /// </remarks>
    public static ChatClientBuilder UseStructuredOutput(this ChatClientBuilder builder, Action<StructuredOutputOptions>? configure = null)
    {
        Throw.IfNull(builder);
        return builder.Use((inner, services) =>
        {
            StructuredOutputOptions options = StageOptions.Configure(services, configure, static o => o.Clone());

            return new StructuredOutputChatClient(inner, options, StageOptions.Logger<StructuredOutputChatClient>(services), services.GetService<TimeProvider>());
        });
    }
}
