using Compliant.AI;
using Compliant.AI.CostControl.Internal;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the options and the budget store of the cost-control stage.</summary>
public static class CostControlCompliantAIBuilderExtensions
{
    /// <summary>Registers <see cref="CostControlOptions"/> bound from <c>Compliant:Budgets</c> (validated on start) and an in-process <see cref="IBudgetStore"/> unless one is registered.</summary>
    /// <param name="builder">The Compliant.AI builder.</param>
    /// <param name="configure">An optional callback applied after configuration binding.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static CompliantAIBuilder AddCostControl(this CompliantAIBuilder builder, Action<CostControlOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddCompliantOptions<CostControlOptions>(CostControlOptions.SectionName, static (section, options) => section.Bind(options));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CostControlOptions>, CostControlOptionsValidation>());
        builder.Services.TryAddSingleton<IBudgetStore>(sp => new InMemoryBudgetStore(sp.GetService<TimeProvider>()));
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        return builder;
    }

    /// <summary>Keeps budgets in the registered <see cref="IDistributedCache"/> so that instances share them (see <see cref="DistributedCacheBudgetStore"/> for the consistency limits).</summary>
    /// <param name="builder">The Compliant.AI builder.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static CompliantAIBuilder AddDistributedBudgetStore(this CompliantAIBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IBudgetStore>(sp => new DistributedCacheBudgetStore(sp.GetRequiredService<IDistributedCache>())));
        return builder;
    }
}
