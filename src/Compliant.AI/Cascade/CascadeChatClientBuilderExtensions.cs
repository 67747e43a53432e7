using Compliant.AI;
using Compliant.AI.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.AI;

/// <summary>Adds cost-aware cascading (<see cref="CascadeChatClient"/>) to a chat pipeline.</summary>
public static class CascadeChatClientBuilderExtensions
{
    /// <summary>
    /// Sends each request to the pipeline's inner client (the cheap model) first and escalates to
    /// <paramref name="escalation"/> on low confidence, a failed schema check or a failure of the cheap model.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="escalation">The larger model (compose <c>UseCostControl()</c> around it for its price and per-team limits).</param>
    /// <param name="configure">Changes the options (bound from <c>Compliant:Cascade</c> when registered with <c>AddCascade()</c>).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="escalation"/> is <see langword="null"/>.</exception>
    public static ChatClientBuilder UseCascade(this ChatClientBuilder builder, IChatClient escalation, Action<CascadeOptions>? configure = null)
    {
        Throw.IfNull(builder);
        Throw.IfNull(escalation);
        return builder.Use((inner, services) =>
        {
            CascadeOptions options = StageOptions.Configure(services, configure, static o => o.Clone());
            return new CascadeChatClient(inner, escalation, options, services.GetService<ICallerContextAccessor>(), StageOptions.Logger<CascadeChatClient>(services));
        });
    }
}
