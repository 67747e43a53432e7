using Microsoft.Extensions.AI;

namespace Compliant.AI.Tests.CallerBoundary;

public class CallerContextTests
{
    [Fact]
    public void Constructor_NormalizesGroupsAndRoles_DistinctSortedTrimmed()
    {
        var caller = new CallerContext("u1", groups: [" b ", "a", "b", "", "  "], roles: ["r2", "r1", "r2"]);

        Assert.Equal(["a", "b"], caller.Groups);
        Assert.Equal(["r1", "r2"], caller.Roles);
    }

    [Fact]
    public void Constructor_BlankIds_BecomeNull()
    {
        var caller = new CallerContext("  ", tenantId: "", purposeOfUse: " ");

        Assert.Null(caller.UserId);
        Assert.Null(caller.TenantId);
        Assert.Null(caller.PurposeOfUse);
        Assert.Empty(caller.Principals);
    }

    [Fact]
    public void Principals_UserAndGroups_HavePrefixes()
    {
        var caller = new CallerContext("alice", groups: ["hr", "clinical"]);

        Assert.Equal(["user:alice", "group:clinical", "group:hr"], caller.Principals);
    }

    [Fact]
    public void WithCaller_DoesNotMutateInputOptions()
    {
        var original = new ChatOptions { ModelId = "m", AdditionalProperties = new() { ["x"] = 1 } };
        var caller = new CallerContext("alice");

        ChatOptions copy = original.WithCaller(caller);

        Assert.NotSame(original, copy);
        Assert.False(original.AdditionalProperties.ContainsKey(CallerContext.AdditionalPropertiesKey));
        Assert.Same(caller, copy.GetCaller());
        Assert.Equal(1, copy.AdditionalProperties!["x"]);
    }

    [Fact]
    public void GetCaller_PerCallOverridesAmbient_AmbientOverridesAnonymous()
    {
        var ambient = new CallerContext("ambient");
        var perCall = new CallerContext("per-call");
        var accessor = new TestAccessor { Current = ambient };

        Assert.Same(perCall, new ChatOptions().WithCaller(perCall).GetCaller(accessor));
        Assert.Same(ambient, ((ChatOptions?)null).GetCaller(accessor));
        Assert.Same(CallerContext.Anonymous, ((ChatOptions?)null).GetCaller(null));
    }

    private sealed class TestAccessor : ICallerContextAccessor
    {
        public CallerContext? Current { get; set; }
    }
}
