using Microsoft.Extensions.Options;

namespace Compliant.AI.CostControl.Internal;

/// <summary>Validates <see cref="CostControlOptions"/>: data annotations (source-generated) plus prices, budgets and the window.</summary>
internal sealed class CostControlOptionsValidation : IValidateOptions<CostControlOptions>
{
    private static readonly CostControlOptionsValidator Annotations = new();

    public ValidateOptionsResult Validate(string? name, CostControlOptions options)
    {
        ValidateOptionsResult result = Annotations.Validate(name, options);
        var failures = new List<string>();
        if (result.Failed)
        {
            failures.AddRange(result.Failures ?? []);
        }

        if (options.Currency is not { Length: 3 } currency || !currency.All(char.IsAsciiLetterUpper))
        {
            failures.Add($"{nameof(CostControlOptions.Currency)} must be an ISO 4217 code of three upper-case letters.");
        }

        foreach (KeyValuePair<string, ModelPrice> price in options.Prices)
        {
            if (price.Value is null || price.Value.InputPerMillionTokens < 0 || price.Value.OutputPerMillionTokens < 0 || price.Value.CachedInputPerMillionTokens < 0)
            {
                failures.Add($"{nameof(CostControlOptions.Prices)}[{price.Key}] must have non-negative prices.");
            }
        }

        foreach (KeyValuePair<string, BudgetLimit> budget in options.Budgets)
        {
            CheckBudget(failures, $"{nameof(CostControlOptions.Budgets)}[{budget.Key}]", budget.Value);
        }

        if (options.DefaultBudget is not null)
        {
            CheckBudget(failures, nameof(CostControlOptions.DefaultBudget), options.DefaultBudget);
        }

        if (options.RateLimitWindow <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(CostControlOptions.RateLimitWindow)} must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static CostControlOptionsValidation Instance { get; } = new();

    private static void CheckBudget(List<string> failures, string name, BudgetLimit? budget)
    {
        if (budget is null || budget.Daily < 0 || budget.Monthly < 0)
        {
            failures.Add($"{name} must have non-negative limits.");
        }
    }
}
