using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Internal;

namespace Compliant.AI.Tests;

/// <summary>Real in-memory caches that expire entries by the test's clock, never by the machine's.</summary>
/// <remarks>
/// <see cref="MemoryDistributedCache"/> reads the wall clock unless it is given one. A test whose stage takes a
/// <c>FakeTimeProvider</c> computes absolute expirations from the fake date, so the cache must read the same clock or
/// the entries expire (or live) according to today's date.
/// </remarks>
internal static class TestCaches
{
    /// <summary>Creates a <see cref="MemoryDistributedCache"/> whose expirations follow <paramref name="timeProvider"/>.</summary>
    public static MemoryDistributedCache MemoryDistributedCache(TimeProvider timeProvider) =>
        new(Microsoft.Extensions.Options.Options.Create(new MemoryDistributedCacheOptions { Clock = new TimeProviderClock(timeProvider) }));

    private sealed class TimeProviderClock(TimeProvider timeProvider) : ISystemClock
    {
        public DateTimeOffset UtcNow => timeProvider.GetUtcNow();
    }
}
