using System.ComponentModel.DataAnnotations;

namespace Compliant.AI;

/// <summary>Options of the cost-control stage: the price table, per-tenant budgets and per-tenant rate limits.</summary>
/// <remarks>
/// Bound from the configuration section <c>Compliant:Budgets</c> by <c>AddCostControl()</c>, for example:
/// <code>
/// "Compliant": { "Budgets": {
///   "Currency": "USD",
///   "Prices": { "gpt-4o-mini": { "InputPerMillionTokens": 0.15, "OutputPerMillionTokens": 0.60, "CachedInputPerMillionTokens": 0.075 } },
///   "Budgets": { "cardiology": { "Daily": 20, "Monthly": 400 } },
///   "DefaultBudget": { "Daily": 5 },
///   "RateLimitPermitsPerWindow": 60 } }
/// </code>
/// Tenant ids are organisation or team ids, not personal data: they appear in metric tags, logs and cache keys. Never
/// put a user id in <see cref="CallerContext.TenantId"/>.
/// </remarks>
public sealed class CostControlOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Compliant:Budgets";

    /// <summary>The tenant key used for requests whose caller has no tenant.</summary>
    public const string NoTenant = "_none";

    /// <summary>Gets or sets the ISO 4217 currency of every price and budget.</summary>
    /// <value>The default is <c>USD</c>.</value>
    [Required]
    public string Currency { get; set; } = "USD";

    /// <summary>Gets the price of each model, keyed by model id (case-insensitive).</summary>
    /// <value>The default is empty: no cost is computed and budgets do not apply.</value>
    public IDictionary<string, ModelPrice> Prices { get; } = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the budget of each tenant, keyed by <see cref="CallerContext.TenantId"/> (or <see cref="NoTenant"/>).</summary>
    /// <value>The default is empty.</value>
    public IDictionary<string, BudgetLimit> Budgets { get; } = new Dictionary<string, BudgetLimit>(StringComparer.Ordinal);

    /// <summary>Gets or sets the budget of tenants not listed in <see cref="Budgets"/>.</summary>
    /// <value>The default is <see langword="null"/>: unlisted tenants have no budget.</value>
    public BudgetLimit? DefaultBudget { get; set; }

    /// <summary>Gets or sets the output tokens assumed by the pre-call estimate when a request sets no <c>ChatOptions.MaxOutputTokens</c>.</summary>
    /// <value>The default is 4096.</value>
    /// <remarks>The estimate is reserved against the budget before the call, so set <c>MaxOutputTokens</c> on requests to reserve precisely.</remarks>
    [Range(1, 10_000_000)]
    public int DefaultMaxOutputTokens { get; set; } = 4096;

    /// <summary>Gets or sets a value indicating whether a tenant with a budget is refused a model that has no price (fail closed).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool RefuseUnpricedModels { get; set; } = true;

    /// <summary>Gets or sets how many calls one tenant may start per <see cref="RateLimitWindow"/> (a token bucket); 0 disables rate limiting.</summary>
    /// <value>The default is 0.</value>
    [Range(0, int.MaxValue)]
    public int RateLimitPermitsPerWindow { get; set; }

    /// <summary>Gets or sets the window in which <see cref="RateLimitPermitsPerWindow"/> permits are replenished.</summary>
    /// <value>The default is 1 minute.</value>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how many calls per tenant wait for a permit instead of being refused at once; 0 refuses at once.</summary>
    /// <value>The default is 0.</value>
    [Range(0, int.MaxValue)]
    public int RateLimitQueueLimit { get; set; }

    internal CostControlOptions Clone()
    {
        var copy = new CostControlOptions
        {
            Currency = Currency,
            DefaultBudget = DefaultBudget is null ? null : new BudgetLimit { Daily = DefaultBudget.Daily, Monthly = DefaultBudget.Monthly },
            DefaultMaxOutputTokens = DefaultMaxOutputTokens,
            RefuseUnpricedModels = RefuseUnpricedModels,
            RateLimitPermitsPerWindow = RateLimitPermitsPerWindow,
            RateLimitWindow = RateLimitWindow,
            RateLimitQueueLimit = RateLimitQueueLimit,
        };

        foreach (KeyValuePair<string, ModelPrice> p in Prices)
        {
            copy.Prices[p.Key] = new ModelPrice
            {
                InputPerMillionTokens = p.Value.InputPerMillionTokens,
                OutputPerMillionTokens = p.Value.OutputPerMillionTokens,
                CachedInputPerMillionTokens = p.Value.CachedInputPerMillionTokens,
            };
        }

        foreach (KeyValuePair<string, BudgetLimit> b in Budgets)
        {
            copy.Budgets[b.Key] = new BudgetLimit { Daily = b.Value.Daily, Monthly = b.Value.Monthly };
        }

        return copy;
    }
}
