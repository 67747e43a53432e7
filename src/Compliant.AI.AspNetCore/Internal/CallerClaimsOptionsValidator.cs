using Microsoft.Extensions.Options;

namespace Compliant.AI.AspNetCore.Internal;

/// <summary>Validates <see cref="CallerClaimsOptions"/>: a user id claim type when one is required, the enum, and blank claim types.</summary>
internal sealed class CallerClaimsOptionsValidator : IValidateOptions<CallerClaimsOptions>
{
    public ValidateOptionsResult Validate(string? name, CallerClaimsOptions options)
    {
        var failures = new List<string>();
        if (options.RequireUserId && (options.UserIdClaimTypes is null || options.UserIdClaimTypes.Count == 0))
        {
            failures.Add($"{CallerClaimsOptions.SectionName}:{nameof(CallerClaimsOptions.UserIdClaimTypes)} must list at least one claim type while {nameof(CallerClaimsOptions.RequireUserId)} is on.");
        }

        if (!Enum.IsDefined(options.GroupNormalization))
        {
            failures.Add($"{CallerClaimsOptions.SectionName}:{nameof(CallerClaimsOptions.GroupNormalization)} has an undefined value; use LowerInvariant or None.");
        }

        foreach ((string field, IList<string>? types) in new (string, IList<string>?)[]
        {
            (nameof(CallerClaimsOptions.UserIdClaimTypes), options.UserIdClaimTypes),
            (nameof(CallerClaimsOptions.GroupClaimTypes), options.GroupClaimTypes),
            (nameof(CallerClaimsOptions.RoleClaimTypes), options.RoleClaimTypes),
            (nameof(CallerClaimsOptions.TenantClaimTypes), options.TenantClaimTypes),
            (nameof(CallerClaimsOptions.PurposeOfUseClaimTypes), options.PurposeOfUseClaimTypes),
        })
        {
            if (types is null || types.Any(string.IsNullOrWhiteSpace))
            {
                failures.Add($"{CallerClaimsOptions.SectionName}:{field} must not be null or contain a blank claim type.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
