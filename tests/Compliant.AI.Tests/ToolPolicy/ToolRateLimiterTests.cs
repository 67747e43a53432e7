using Compliant.AI.Tools.Internal;
using Microsoft.Extensions.Time.Testing;

namespace Compliant.AI.Tests.ToolPolicy;

public sealed class ToolRateLimiterTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 30, TimeSpan.Zero);

    [Fact]
    public void TryAcquire_WindowsAreAlignedToTheClock()
    {
        var time = new FakeTimeProvider(Start);
        var limiter = new ToolRateLimiter(time);
        var limit = new ToolRateLimit { PerCaller = 1, Window = TimeSpan.FromMinutes(1) };
        var caller = new CallerContext("u-1", tenantId: "t");

        Assert.Null(limiter.TryAcquire("tool", limit, caller));
        Assert.Equal(ToolPolicyReasons.RateLimitCaller, limiter.TryAcquire("tool", limit, caller));

        time.Advance(TimeSpan.FromSeconds(29)); // 09:00:59, same window
        Assert.Equal(ToolPolicyReasons.RateLimitCaller, limiter.TryAcquire("tool", limit, caller));

        time.Advance(TimeSpan.FromSeconds(1)); // 09:01:00, a new window: 30 s after the first call, not 60
        Assert.Null(limiter.TryAcquire("tool", limit, caller));
    }

    [Fact]
    public void TryAcquire_TenantRefusal_TakesNoCallerPermit()
    {
        var limiter = new ToolRateLimiter(new FakeTimeProvider(Start));
        var limit = new ToolRateLimit { PerCaller = 2, PerTenant = 1 };

        Assert.Null(limiter.TryAcquire("tool", limit, new CallerContext("u-1", tenantId: "t")));
        Assert.Equal(ToolPolicyReasons.RateLimitTenant, limiter.TryAcquire("tool", limit, new CallerContext("u-2", tenantId: "t")));
        Assert.Null(limiter.TryAcquire("tool", limit, new CallerContext("u-2", tenantId: "other")));
        Assert.Null(limiter.TryAcquire("tool", limit, new CallerContext("u-2", tenantId: "other-2"))); // u-2's refused call cost nothing
        Assert.Equal(ToolPolicyReasons.RateLimitCaller, limiter.TryAcquire("tool", limit, new CallerContext("u-2", tenantId: "other-3")));
    }

    [Fact]
    public void TryAcquire_ToolsAreCountedApart()
    {
        var limiter = new ToolRateLimiter(new FakeTimeProvider(Start));
        var limit = new ToolRateLimit { PerCaller = 1 };
        var caller = new CallerContext("u-1");

        Assert.Null(limiter.TryAcquire("a", limit, caller));
        Assert.Null(limiter.TryAcquire("b", limit, caller));
        Assert.NotNull(limiter.TryAcquire("a", limit, caller));
    }
}
