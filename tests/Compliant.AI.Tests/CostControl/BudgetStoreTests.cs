using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Time.Testing;

namespace Compliant.AI.Tests.CostControl;

public sealed class BudgetStoreTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    // Relative to the fake clock that both stores read, so the tests never meet today's date.
    private static readonly DateTimeOffset Expiry = Start.AddDays(30);

    public static TheoryData<string> Stores => new() { "memory", "distributed" };

    private static IBudgetStore Create(string kind) => kind == "memory"
        ? new InMemoryBudgetStore(new FakeTimeProvider(Start))
        : new DistributedCacheBudgetStore(TestCaches.MemoryDistributedCache(new FakeTimeProvider(Start)));

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task TryReserve_WithinLimit_ReservesAndRefusesBeyond(string kind)
    {
        IBudgetStore store = Create(kind);

        Assert.True(await store.TryReserveAsync("k", 0.6m, 1m, Expiry));
        Assert.False(await store.TryReserveAsync("k", 0.6m, 1m, Expiry));
        Assert.True(await store.TryReserveAsync("k", 0.4m, 1m, Expiry));
        await store.AddAsync("k", -0.5m, Expiry);

        Assert.Equal(0.5m, await store.GetSpentAsync("k"));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task TryReserve_Concurrent_NeverExceedsLimit(string kind)
    {
        IBudgetStore store = Create(kind);

        bool[] results = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(async () => await store.TryReserveAsync("k", 0.01m, 1m, Expiry))));

        Assert.Equal(100, results.Count(r => r));
        Assert.Equal(1m, await store.GetSpentAsync("k"));
    }

    [Fact]
    public async Task InMemory_ExpiredKey_ReadsZero()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));
        var store = new InMemoryBudgetStore(time);
        await store.AddAsync("k", 5m, time.GetUtcNow().AddDays(1));

        time.Advance(TimeSpan.FromDays(2));

        Assert.Equal(0m, await store.GetSpentAsync("k"));
    }

    [Fact]
    public async Task TryReserve_NegativeAmount_Throws()
    {
        var store = new InMemoryBudgetStore();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.TryReserveAsync("k", -1m, 1m, Expiry));
    }

    [Property(MaxTest = 200)]
    public Property InMemory_AnySequenceOfReservations_SpendStaysWithinLimit(PositiveInt[] amounts, PositiveInt limit)
    {
        var store = new InMemoryBudgetStore(new FakeTimeProvider(Start));
        decimal expected = 0m;
        foreach (PositiveInt amount in amounts)
        {
            if (store.TryReserveAsync("k", amount.Get, limit.Get, Expiry).AsTask().GetAwaiter().GetResult())
            {
                expected += amount.Get;
            }
        }

        decimal spent = store.GetSpentAsync("k").AsTask().GetAwaiter().GetResult();
        return (spent <= limit.Get && spent == expected).ToProperty();
    }
}
