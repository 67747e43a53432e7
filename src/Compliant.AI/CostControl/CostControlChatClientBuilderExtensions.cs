using Compliant.AI;
using Compliant.AI.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.AI;

/// <summary>Adds <see cref="CostControlChatClient"/> to a chat client pipeline.</summary>
public static class CostControlChatClientBuilderExtensions
{
    /// <summary>Adds token and cost accounting, per-tenant budgets and per-tenant rate limits.</summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="configure">Changes applied after the options registered in DI (<c>AddCostControl()</c>, section <c>Compliant:Budgets</c>) or the defaults.</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <remarks>
    /// Place it outside <c>UseResilience()</c> so that a budget is checked once per call, not once per retry. Resolves
    /// <see cref="IBudgetStore"/> (else an in-memory store per built pipeline), <see cref="ICallerContextAccessor"/>,
    /// <see cref="TimeProvider"/>, <see cref="ILoggerFactory"/> and <see cref="ITokenCounter"/> (else one token per four characters) from the builder's services.
    /// </remarks>
    public static ChatClientBuilder UseCostControl(this ChatClientBuilder builder, Action<CostControlOptions>? configure = null)
    {
        Throw.IfNull(builder);
        return builder.Use((inner, services) =>
        {
            CostControlOptions options = StageOptions.Configure(services, configure, static o => o.Clone());
            TimeProvider? timeProvider = services.GetService<TimeProvider>();
                        return new CostControlChatClient(
                inner,
                options,
                services.GetService<IBudgetStore>(),
                services.GetService<ICallerContextAccessor>(),
                timeProvider,
                StageOptions.Logger<CostControlChatClient>(services),
                services.GetService<ITokenCounter>());
        });
    }
}
