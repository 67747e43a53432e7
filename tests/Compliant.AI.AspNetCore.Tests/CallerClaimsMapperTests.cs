using Compliant.AI.AspNetCore.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Compliant.AI.AspNetCore.Tests;

public sealed class CallerClaimsMapperTests
{
    private static CallerMappingResult Map(System.Security.Claims.ClaimsPrincipal user, CallerClaimsOptions? options = null, string? purposeHeader = null, params string[] extraHeaderValues)
    {
        var context = new DefaultHttpContext { User = user };
        if (purposeHeader is not null)
        {
            context.Request.Headers["X-Purpose-Of-Use"] = new Microsoft.Extensions.Primitives.StringValues([purposeHeader, .. extraHeaderValues]);
        }

        var monitor = new StaticMonitor(options ?? new CallerClaimsOptions());
        return new CallerClaimsMapper(monitor).Map(context);
    }

    [Fact]
    public void Map_EntraIdClaims_MapsUserGroupsRolesTenant()
    {
        CallerMappingResult result = Map(TestPrincipals.Authenticated(
            ("oid", "0b9f-user"), ("sub", "pairwise-sub"), ("groups", "Security-Team"), ("groups", "hr"), ("roles", "Auditor"), ("tid", "tenant-1")));

        CallerContext caller = Assert.IsType<CallerContext>(result.Caller);
        Assert.Equal("0b9f-user", caller.UserId);
        Assert.Equal(["hr", "security-team"], caller.Groups);
        Assert.Equal(["Auditor"], caller.Roles);
        Assert.Equal("tenant-1", caller.TenantId);
        Assert.Null(caller.PurposeOfUse);
    }

    [Fact]
    public void Map_MappedInboundClaimTypes_MapsUserTenantAndRoles()
    {
        CallerMappingResult result = Map(TestPrincipals.Authenticated(
            ("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier", "user-7"),
            ("http://schemas.microsoft.com/identity/claims/tenantid", "t-9"),
            ("http://schemas.microsoft.com/ws/2008/06/identity/claims/role", "Reader")));

        Assert.Equal("user-7", result.Caller!.UserId);
        Assert.Equal("t-9", result.Caller.TenantId);
        Assert.Equal(["Reader"], result.Caller.Roles);
    }

    [Fact]
    public void Map_Unauthenticated_Returns401()
    {
        CallerMappingResult result = Map(TestPrincipals.Anonymous());

        Assert.Null(result.Caller);
        Assert.Equal(401, result.StatusCode);
        Assert.Equal(CompliantAIProblemTypes.Unauthenticated, result.ProblemType);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Map_NoOrBlankUserId_Returns403NamingTheField(string blank)
    {
        CallerMappingResult result = Map(TestPrincipals.Authenticated(("sub", blank), ("groups", "hr")));

        Assert.Equal(403, result.StatusCode);
        Assert.Equal(CompliantAIProblemTypes.MissingClaim, result.ProblemType);
        Assert.Equal("user_id", result.Field);
    }

    [Fact]
    public void Map_UserIdNotRequired_MapsAnonymousUserWithGroups()
    {
        CallerMappingResult result = Map(TestPrincipals.Authenticated(("groups", "hr")), new CallerClaimsOptions { RequireUserId = false });

        Assert.Null(result.Caller!.UserId);
        Assert.Equal(["hr"], result.Caller.Groups);
    }

    [Fact]
    public void Map_RequiredTenantMissing_Returns403_DefaultTenantFillsIt()
    {
        System.Security.Claims.ClaimsPrincipal user = TestPrincipals.Authenticated(("sub", "u1"));

        Assert.Equal("tenant", Map(user, new CallerClaimsOptions { RequireTenant = true }).Field);
        Assert.Equal("acme", Map(user, new CallerClaimsOptions { RequireTenant = true, DefaultTenantId = "acme" }).Caller!.TenantId);
    }

    [Fact]
    public void Map_GroupNames_TrimmedFormCLowerInvariantAndDeduplicated()
    {
        CallerMappingResult result = Map(TestPrincipals.Authenticated(
            ("sub", "u1"), ("groups", " Security-Team "), ("groups", "SECURITY-TEAM"), ("groups", "Re\u0301gion-IT"), ("groups", "  ")));

        Assert.Equal(["r\u00e9gion-it", "security-team"], result.Caller!.Groups);
    }

    [Fact]
    public void Map_GroupNormalizationNone_KeepsCase()
    {
        CallerMappingResult result = Map(TestPrincipals.Authenticated(("sub", "u1"), ("groups", "Security-Team")), new CallerClaimsOptions { GroupNormalization = GroupNameNormalization.None });

        Assert.Equal(["Security-Team"], result.Caller!.Groups);
    }

    [Fact]
    public void Map_RolesAsGroups_AddsNormalizedRolesToGroups()
    {
        CallerMappingResult result = Map(TestPrincipals.Authenticated(("sub", "u1"), ("roles", "Compliance")), new CallerClaimsOptions { RolesAsGroups = true });

        Assert.Equal(["compliance"], result.Caller!.Groups);
        Assert.Equal(["Compliance"], result.Caller.Roles);
    }

    [Fact]
    public void Map_PurposeClaimWithoutHeader_UsesFirstClaimUpperCase()
    {
        CallerMappingResult result = Map(TestPrincipals.Authenticated(("sub", "u1"), ("purpose_of_use", "treatment"), ("purpose_of_use", "OPERATIONS")));

        Assert.Equal("TREATMENT", result.Caller!.PurposeOfUse);
    }

    [Theory]
    [InlineData("operations", "OPERATIONS")]
    [InlineData(" Treatment ", "TREATMENT")]
    public void Map_PurposeHeaderListedInToken_UsesHeader(string header, string expected)
    {
        CallerMappingResult result = Map(TestPrincipals.Authenticated(("sub", "u1"), ("purpose_of_use", "TREATMENT"), ("purpose_of_use", "OPERATIONS")), purposeHeader: header);

        Assert.Equal(expected, result.Caller!.PurposeOfUse);
    }

    [Theory]
    [InlineData("RESEARCH")]
    [InlineData("")]
    [InlineData("TREATMENT\u200B")]
    public void Map_PurposeHeaderNotListedInToken_Returns403(string header)
    {
        CallerMappingResult result = Map(TestPrincipals.Authenticated(("sub", "u1"), ("purpose_of_use", "TREATMENT")), purposeHeader: header);

        Assert.Equal(403, result.StatusCode);
        Assert.Equal(CompliantAIProblemTypes.PurposeOfUseNotAllowed, result.ProblemType);
    }

    [Fact]
    public void Map_TwoPurposeHeaderValues_Returns403()
    {
        CallerMappingResult result = Map(TestPrincipals.Authenticated(("sub", "u1"), ("purpose_of_use", "TREATMENT"), ("purpose_of_use", "PAYMENT")), null, "TREATMENT", "PAYMENT");

        Assert.Equal(CompliantAIProblemTypes.PurposeOfUseNotAllowed, result.ProblemType);
    }

    [Fact]
    public void Map_PurposeHeaderWithoutTokenPurposes_OnlyOptionsListAllows()
    {
        System.Security.Claims.ClaimsPrincipal user = TestPrincipals.Authenticated(("sub", "u1"));

        Assert.Equal(CompliantAIProblemTypes.PurposeOfUseNotAllowed, Map(user, purposeHeader: "OPERATIONS").ProblemType);
        Assert.Equal("OPERATIONS", Map(user, new CallerClaimsOptions { AllowedPurposesOfUse = ["operations"] }, "Operations").Caller!.PurposeOfUse);
    }

    [Fact]
    public void Map_PurposeHeaderDisabled_IgnoresHeader()
    {
        CallerMappingResult result = Map(TestPrincipals.Authenticated(("sub", "u1")), new CallerClaimsOptions { PurposeOfUseHeader = null, DefaultPurposeOfUse = "operations" }, "RESEARCH");

        Assert.Equal("OPERATIONS", result.Caller!.PurposeOfUse);
    }

    [Fact]
    public void Map_RequiredPurposeMissing_Returns403NamingTheField()
    {
        CallerMappingResult result = Map(TestPrincipals.Authenticated(("sub", "u1")), new CallerClaimsOptions { RequirePurposeOfUse = true });

        Assert.Equal("purpose_of_use", result.Field);
    }

    [Fact]
    public void Map_CustomClaimTypes_AreUsedInOrder()
    {
        var options = new CallerClaimsOptions { UserIdClaimTypes = ["employee_id", "sub"], GroupClaimTypes = ["teams"], TenantClaimTypes = ["org"] };
        CallerMappingResult result = Map(TestPrincipals.Authenticated(("sub", "s"), ("employee_id", "E42"), ("teams", "Ward-7"), ("groups", "ignored"), ("org", "o1")), options);

        Assert.Equal("E42", result.Caller!.UserId);
        Assert.Equal(["ward-7"], result.Caller.Groups);
        Assert.Equal("o1", result.Caller.TenantId);
    }

    private sealed class StaticMonitor(CallerClaimsOptions value) : IOptionsMonitor<CallerClaimsOptions>
    {
        public CallerClaimsOptions CurrentValue => value;

        public CallerClaimsOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<CallerClaimsOptions, string?> listener) => null;
    }
}
