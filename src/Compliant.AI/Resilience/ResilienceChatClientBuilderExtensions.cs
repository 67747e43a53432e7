using Compliant.AI;
using Compliant.AI.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.AI;

/// <summary>Adds <see cref="ResilienceChatClient"/> to a chat client pipeline.</summary>
public static class ResilienceChatClientBuilderExtensions
{
    /// <summary>Adds retries, timeouts and a circuit breaker around the rest of the pipeline (place it innermost, next to the provider).</summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="configure">Changes applied after the options registered in DI (<c>AddResilience()</c>, section <c>Compliant:Resilience</c>) or the defaults.</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <remarks>
    /// Resolves <see cref="TimeProvider"/>, <see cref="ILoggerFactory"/> and <see cref="IOptions{TOptions}"/> of
    /// <see cref="ResilienceOptions"/> from the builder's services when present. Each built pipeline gets its own
    /// circuit breaker.
    /// </remarks>
    public static ChatClientBuilder UseResilience(this ChatClientBuilder builder, Action<ResilienceOptions>? configure = null)
    {
        Throw.IfNull(builder);
        return builder.Use((inner, services) =>
        {
            ResilienceOptions options = StageOptions.Configure(services, configure, static o => o.Clone());
            return new ResilienceChatClient(inner, options, services.GetService<TimeProvider>(), StageOptions.Logger<ResilienceChatClient>(services));
        });
    }
}
