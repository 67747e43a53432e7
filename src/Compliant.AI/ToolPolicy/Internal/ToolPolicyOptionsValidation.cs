using Microsoft.Extensions.Options;

namespace Compliant.AI.Tools.Internal;

/// <summary>Validates <see cref="ToolPolicyOptions"/>: data annotations plus every tool's schema, allow-lists, rate limit and approval conditions.</summary>
internal sealed class ToolPolicyOptionsValidation : IValidateOptions<ToolPolicyOptions>
{
    private static readonly ToolPolicyOptionsValidator Annotations = new();

    public ValidateOptionsResult Validate(string? name, ToolPolicyOptions options)
    {
        var failures = new List<string>();
        ValidateOptionsResult annotations = Annotations.Validate(name, options);
        if (annotations.Failed)
        {
            failures.AddRange(annotations.Failures ?? []);
        }

        if (options.ApprovalTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(ToolPolicyOptions.ApprovalTimeout)} must be positive.");
        }

        if (!Enum.IsDefined(options.UnlistedTools))
        {
            failures.Add($"{nameof(ToolPolicyOptions.UnlistedTools)} must be Deny or Allow.");
        }

        foreach (KeyValuePair<string, ToolPolicy> tool in options.Tools)
        {
            string at = $"{nameof(ToolPolicyOptions.Tools)}[{tool.Key}]";
            if (string.IsNullOrWhiteSpace(tool.Key))
            {
                failures.Add($"{nameof(ToolPolicyOptions.Tools)} has an empty tool name.");
            }

            if (tool.Value is not { } policy)
            {
                failures.Add($"{at} has no policy.");
                continue;
            }

            if (!string.IsNullOrWhiteSpace(policy.ArgumentSchema))
            {
                try
                {
                    _ = JsonSchemaValidator.Compile(policy.ArgumentSchema);
                }
                catch (JsonSchemaException ex)
                {
                    failures.Add($"{at}.{nameof(ToolPolicy.ArgumentSchema)} is not a valid JSON Schema: {ex.Message}");
                }
            }

            foreach (KeyValuePair<string, IList<string>> allowed in policy.AllowedValues)
            {
                if (allowed.Value is not { Count: > 0 })
                {
                    failures.Add($"{at}.{nameof(ToolPolicy.AllowedValues)}[{allowed.Key}] must list at least one value.");
                }
            }

            if (policy.RateLimit is { } limit)
            {
                if (limit.PerCaller < 0 || limit.PerTenant < 0)
                {
                    failures.Add($"{at}.{nameof(ToolPolicy.RateLimit)} limits must not be negative.");
                }

                if (limit.Window <= TimeSpan.Zero)
                {
                    failures.Add($"{at}.{nameof(ToolPolicy.RateLimit)}.{nameof(ToolRateLimit.Window)} must be positive.");
                }
            }

            for (int i = 0; i < policy.ApprovalWhen.Count; i++)
            {
                ToolApprovalCondition? condition = policy.ApprovalWhen[i];
                string c = $"{at}.{nameof(ToolPolicy.ApprovalWhen)}[{i}]";
                if (condition is null || string.IsNullOrWhiteSpace(condition.Argument))
                {
                    failures.Add($"{c} must name an {nameof(ToolApprovalCondition.Argument)}.");
                }
                else if (condition.GreaterThan is null && condition.LessThan is null && condition.EqualTo is null)
                {
                    failures.Add($"{c} must set {nameof(ToolApprovalCondition.GreaterThan)}, {nameof(ToolApprovalCondition.LessThan)} or {nameof(ToolApprovalCondition.EqualTo)}.");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static ToolPolicyOptionsValidation Instance { get; } = new();
}
