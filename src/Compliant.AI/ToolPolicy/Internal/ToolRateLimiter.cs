namespace Compliant.AI.Tools.Internal;

/// <summary>Fixed-window call counters per tool and user and per tool and tenant, on a <see cref="TimeProvider"/>.</summary>
/// <remarks>Keys hold user and tenant ids; they never leave this class.</remarks>
internal sealed class ToolRateLimiter(TimeProvider timeProvider)
{
    private const int PruneAbove = 50_000;
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Tool, string Key), (long WindowEndTicks, int Count)> _counts = [];

    public TimeProvider TimeProvider { get; } = timeProvider;

    /// <summary>Takes one permit from both counters, or none; returns the reason of a refusal, or <see langword="null"/>.</summary>
    public string? TryAcquire(string toolName, ToolRateLimit limit, CallerContext caller)
    {
        long now = TimeProvider.GetUtcNow().UtcTicks;
        long windowTicks = limit.Window.Ticks;
        long windowEnd = ((now / windowTicks) + 1) * windowTicks;
        (string, string) userKey = (toolName, "u:" + (caller.UserId ?? "_anonymous"));
        (string, string) tenantKey = (toolName, "t:" + (caller.TenantId ?? CostControlOptions.NoTenant));

        lock (_lock)
        {
            int user = Current(userKey, now);
            int tenant = Current(tenantKey, now);
            if (limit.PerCaller > 0 && user >= limit.PerCaller)
            {
                return ToolPolicyReasons.RateLimitCaller;
            }

            if (limit.PerTenant > 0 && tenant >= limit.PerTenant)
            {
                return ToolPolicyReasons.RateLimitTenant;
            }

            if (_counts.Count > PruneAbove)
            {
                foreach ((string, string) stale in _counts.Where(e => e.Value.WindowEndTicks <= now).Select(e => e.Key).ToList())
                {
                    _counts.Remove(stale);
                }
            }

            if (limit.PerCaller > 0)
            {
                _counts[userKey] = (windowEnd, user + 1);
            }

            if (limit.PerTenant > 0)
            {
                _counts[tenantKey] = (windowEnd, tenant + 1);
            }

            return null;
        }
    }

    private int Current((string, string) key, long now) =>
        _counts.TryGetValue(key, out (long WindowEndTicks, int Count) entry) && entry.WindowEndTicks > now ? entry.Count : 0;
}
