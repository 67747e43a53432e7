using Microsoft.Extensions.Configuration;

namespace Compliant.AI.AspNetCore.Internal;

/// <summary>
/// Binds <see cref="CallerClaimsOptions"/>: a claim-type list given in configuration replaces the default list (the
/// configuration binder alone would append to it, so <c>oid</c> would still win over a configured <c>employee_id</c>).
/// </summary>
internal static class CallerClaimsOptionsBinding
{
    public static void Bind(IConfiguration section, CallerClaimsOptions options)
    {
        if (section.GetSection(nameof(CallerClaimsOptions.UserIdClaimTypes)).Exists())
        {
            options.UserIdClaimTypes = [];
        }

        if (section.GetSection(nameof(CallerClaimsOptions.GroupClaimTypes)).Exists())
        {
            options.GroupClaimTypes = [];
        }

        if (section.GetSection(nameof(CallerClaimsOptions.RoleClaimTypes)).Exists())
        {
            options.RoleClaimTypes = [];
        }

        if (section.GetSection(nameof(CallerClaimsOptions.TenantClaimTypes)).Exists())
        {
            options.TenantClaimTypes = [];
        }

        if (section.GetSection(nameof(CallerClaimsOptions.PurposeOfUseClaimTypes)).Exists())
        {
            options.PurposeOfUseClaimTypes = [];
        }

        if (section.GetSection(nameof(CallerClaimsOptions.AllowedPurposesOfUse)).Exists())
        {
            options.AllowedPurposesOfUse = [];
        }

        section.Bind(options);
    }
}
