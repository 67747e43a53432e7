using Compliant.AI;
using Compliant.AI.Internal;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.AI;

/// <summary>Adds the grounding stage to a chat client pipeline.</summary>
public static class GroundingChatClientBuilderExtensions
{
    /// <summary>Adds a <see cref="GroundingChatClient"/>: answers only from retrieved sources, with enforced citations.</summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="configure">An optional callback applied to a copy of the registered <see cref="GroundingOptions"/>.</param>
    /// <returns>The <paramref name="builder"/>.</returns>
    /// <remarks>
    /// Resolves from the pipeline's services: <see cref="IRetriever"/> (required), <see cref="IOptions{GroundingOptions}"/>
    /// (registered by <c>AddGrounding()</c>, bound from <c>Compliant:Grounding</c>; defaults otherwise),
    /// <see cref="ICallerContextAccessor"/>, <see cref="ILoggerFactory"/>, and — only when
    /// <see cref="GroundingOptions.RedactQuery"/> is set and no PII redaction stage is inside — a <see cref="Redactor"/> for the query.
    /// </remarks>
    /// <exception cref="InvalidOperationException">No <see cref="IRetriever"/> is registered.</exception>
    public static ChatClientBuilder UseGrounding(this ChatClientBuilder builder, Action<GroundingOptions>? configure = null)
    {
        Throw.IfNull(builder);
        return builder.Use((innerClient, services) =>
        {
            IRetriever retriever = services.GetService<IRetriever>()
                ?? throw new InvalidOperationException($"UseGrounding requires an {nameof(IRetriever)} registered in the service provider.");
            GroundingOptions options = StageOptions.Configure(services, configure, static o => o.Clone());

            // The PII redaction stage inside this one redacts the query; a registered Redactor is the fallback without it.
            Redactor? queryRedactor = options.RedactQuery ? services.GetService<Redactor>() : null;

            return new GroundingChatClient(
                innerClient,
                retriever,
                options,
                services.GetService<ICallerContextAccessor>(),
                queryRedactor,
                StageOptions.Logger<GroundingChatClient>(services));
        });
    }
}
