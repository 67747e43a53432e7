using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Compliant.AI.AspNetCore.Internal;

/// <summary>Maps the authenticated principal of a request to a <see cref="CallerContext"/> under <see cref="CallerClaimsOptions"/>.</summary>
internal sealed class CallerClaimsMapper(IOptionsMonitor<CallerClaimsOptions> options)
{
    public CallerMappingResult Map(HttpContext context)
    {
        CallerClaimsOptions o = options.CurrentValue;
        ClaimsPrincipal user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return CallerMappingResult.Fail(StatusCodes.Status401Unauthorized, CompliantAIProblemTypes.Unauthenticated);
        }

        string? userId = First(user, o.UserIdClaimTypes);
        if (userId is null && o.RequireUserId)
        {
            return CallerMappingResult.Fail(StatusCodes.Status403Forbidden, CompliantAIProblemTypes.MissingClaim, "user_id");
        }

        string? tenant = First(user, o.TenantClaimTypes) ?? Blank(o.DefaultTenantId);
        if (tenant is null && o.RequireTenant)
        {
            return CallerMappingResult.Fail(StatusCodes.Status403Forbidden, CompliantAIProblemTypes.MissingClaim, "tenant");
        }

        List<string> declarable = All(user, o.PurposeOfUseClaimTypes).Select(NormalizePurpose).Distinct(StringComparer.Ordinal).ToList();
        string? purpose = declarable.Count > 0 ? declarable[0] : Blank(o.DefaultPurposeOfUse) is { } d ? NormalizePurpose(d) : null;
        if (!string.IsNullOrWhiteSpace(o.PurposeOfUseHeader) && context.Request.Headers.TryGetValue(o.PurposeOfUseHeader, out Microsoft.Extensions.Primitives.StringValues header))
        {
            string? declared = header.Count == 1 ? Blank(header[0]) : null;
            IEnumerable<string> allowed = declarable.Count > 0 ? declarable : o.AllowedPurposesOfUse.Select(NormalizePurpose);
            if (declared is null || !allowed.Contains(NormalizePurpose(declared), StringComparer.Ordinal))
            {
                return CallerMappingResult.Fail(StatusCodes.Status403Forbidden, CompliantAIProblemTypes.PurposeOfUseNotAllowed);
            }

            purpose = NormalizePurpose(declared);
        }

        if (purpose is null && o.RequirePurposeOfUse)
        {
            return CallerMappingResult.Fail(StatusCodes.Status403Forbidden, CompliantAIProblemTypes.MissingClaim, "purpose_of_use");
        }

        List<string> roles = All(user, o.RoleClaimTypes).ToList();
        IEnumerable<string> groups = All(user, o.GroupClaimTypes);
        if (o.RolesAsGroups)
        {
            groups = groups.Concat(roles);
        }

        return CallerMappingResult.Success(new CallerContext(userId, NormalizeGroups(groups, o.GroupNormalization), roles, tenant, purpose));
    }

    /// <summary>Applies the documented group rule: trim, Unicode form C, then (by default) lower-invariant; empties and duplicates dropped.</summary>
    public static IEnumerable<string> NormalizeGroups(IEnumerable<string> groups, GroupNameNormalization rule) =>
        groups
            .Select(g => g.Trim().Normalize(NormalizationForm.FormC))
            .Select(g => rule == GroupNameNormalization.LowerInvariant ? g.ToLowerInvariant() : g)
            .Where(g => g.Length > 0)
            .Distinct(StringComparer.Ordinal);

    private static string NormalizePurpose(string value) => value.Trim().Normalize(NormalizationForm.FormC).ToUpperInvariant();

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? First(ClaimsPrincipal user, IList<string> types)
    {
        foreach (string type in types)
        {
            if (Blank(user.FindFirst(type)?.Value) is { } value)
            {
                return value;
            }
        }

        return null;
    }

    private static IEnumerable<string> All(ClaimsPrincipal user, IList<string> types) =>
        types.SelectMany(t => user.FindAll(t)).Select(c => c.Value).Where(v => !string.IsNullOrWhiteSpace(v));
}
