using Compliant.AI.AspNetCore.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Compliant.AI.AspNetCore.Tests;

public sealed class CallerClaimsOptionsTests
{
    [Fact]
    public void Defaults_AreDocumentedValues()
    {
        var o = new CallerClaimsOptions();

        Assert.Equal(["oid", "http://schemas.microsoft.com/identity/claims/objectidentifier", "sub", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier"], o.UserIdClaimTypes);
        Assert.Equal(["groups"], o.GroupClaimTypes);
        Assert.Equal(["roles", "role", "http://schemas.microsoft.com/ws/2008/06/identity/claims/role"], o.RoleClaimTypes);
        Assert.Equal(["tid", "http://schemas.microsoft.com/identity/claims/tenantid"], o.TenantClaimTypes);
        Assert.Equal(["purpose_of_use"], o.PurposeOfUseClaimTypes);
        Assert.True(o.RequireUserId);
        Assert.False(o.RequireTenant);
        Assert.False(o.RequirePurposeOfUse);
        Assert.Null(o.DefaultTenantId);
        Assert.Null(o.DefaultPurposeOfUse);
        Assert.Equal("X-Purpose-Of-Use", o.PurposeOfUseHeader);
        Assert.Empty(o.AllowedPurposesOfUse);
        Assert.Equal(GroupNameNormalization.LowerInvariant, o.GroupNormalization);
        Assert.False(o.RolesAsGroups);
    }

    [Theory]
    [InlineData("UserIdClaimTypes", "Compliant:Caller:UserIdClaimTypes must list at least one claim type while RequireUserId is on.")]
    [InlineData("RoleClaimTypes", "Compliant:Caller:RoleClaimTypes must not be null or contain a blank claim type.")]
    [InlineData("GroupNormalization", "Compliant:Caller:GroupNormalization has an undefined value; use LowerInvariant or None.")]
    public void Validate_InvalidValue_NamesTheKey(string field, string message)
    {
        var o = new CallerClaimsOptions();
        switch (field)
        {
            case "UserIdClaimTypes": o.UserIdClaimTypes = []; break;
            case "RoleClaimTypes": o.RoleClaimTypes = [""]; break;
            default: o.GroupNormalization = (GroupNameNormalization)7; break;
        }

        ValidateOptionsResult result = new CallerClaimsOptionsValidator().Validate(null, o);

        Assert.Equal([message], result.Failures);
    }

    [Fact]
    public void AddAspNetCore_BindsFromConfiguration()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Compliant:Caller:UserIdClaimTypes:0"] = "employee_id",
            ["Compliant:Caller:GroupNormalization"] = "None",
            ["Compliant:Caller:AllowedPurposesOfUse:0"] = "OPERATIONS",
            ["Compliant:Caller:DefaultTenantId"] = "acme",
        }).Build();
        var services = new ServiceCollection().AddSingleton(configuration);
        services.AddCompliantAI().AddAspNetCore().AddAspNetCore();

        CallerClaimsOptions o = services.BuildServiceProvider().GetRequiredService<IOptions<CallerClaimsOptions>>().Value;

        Assert.Equal(["employee_id"], o.UserIdClaimTypes);
        Assert.Equal(GroupNameNormalization.None, o.GroupNormalization);
        Assert.Equal(["OPERATIONS"], o.AllowedPurposesOfUse);
        Assert.Equal("acme", o.DefaultTenantId);
        Assert.Single(services, d => d.ImplementationType == typeof(ComplianceExceptionHandler));
    }
}
