using Microsoft.Extensions.AI;
using Compliant.AI.Testing;
using StackExchange.Redis;

namespace Compliant.AI.Tests;

[Collection(RedisServerGroup.Name)]
public sealed class RedisBudgetStoreTests
{
    private static readonly DateTimeOffset Expires = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [RedisFact]
    public async Task TryReserveAsync_200ConcurrentCallsFromFourProcesses_AdmitExactlyTen()
    {
        string key = NewKey();
        string[][] arguments = [.. Enumerable.Range(0, 4).Select(_ => (string[])["budget", TestServers.Redis, key, "50", "1.0", "10.5"])];

        string[] outputs = await ChildProcesses.RunTogetherAsync(arguments);

        int admitted = outputs.Sum(o => int.Parse(o.Trim().Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(10, admitted);
        using ConnectionMultiplexer redis = await RedisTestServer.ConnectAsync();
        Assert.Equal(10m, await new RedisBudgetStore(redis).GetSpentAsync(key));
    }

    [RedisFact]
    public async Task TryReserveAsync_200ConcurrentCallsOnTwoConnections_AdmitExactlyTen()
    {
        using ConnectionMultiplexer first = await RedisTestServer.ConnectAsync();
        using ConnectionMultiplexer second = await RedisTestServer.ConnectAsync();
        RedisBudgetStore[] stores = [new(first), new(second)];
        string key = NewKey();

        bool[] results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => stores[i % 2].TryReserveAsync(key, 1.0m, 10.5m, Expires).AsTask()));

        Assert.Equal(10, results.Count(r => r));
        Assert.Equal(10m, await stores[0].GetSpentAsync(key));
    }

    [RedisFact]
    public async Task AddAsync_ReserveThenSettle_KeepsExactDecimalSpend()
    {
        using ConnectionMultiplexer redis = await RedisTestServer.ConnectAsync();
        var store = new RedisBudgetStore(redis);
        string key = NewKey();

        Assert.True(await store.TryReserveAsync(key, 0.000123456789m, 1m, Expires));
        await store.AddAsync(key, -0.000123456789m, Expires); // released: cancels exactly
        Assert.Equal(0m, await store.GetSpentAsync(key));

        Assert.True(await store.TryReserveAsync(key, 0.75m, 1m, Expires));
        await store.AddAsync(key, 0.125m - 0.75m, Expires); // settled to the actual cost
        Assert.Equal(0.125m, await store.GetSpentAsync(key));
        Assert.True(await store.TryReserveAsync(key, 0.875m, 1m, Expires)); // exactly up to the limit
        Assert.False(await store.TryReserveAsync(key, 0.000000001m, 1m, Expires));
        Assert.Equal(1m, await store.GetSpentAsync(key));
    }

    [RedisFact]
    public async Task TryReserveAsync_NegativeOrZeroLimit_AdmitsOnlyWhatFits()
    {
        using ConnectionMultiplexer redis = await RedisTestServer.ConnectAsync();
        var store = new RedisBudgetStore(redis);
        string key = NewKey();

        Assert.False(await store.TryReserveAsync(key, 0m, -1m, Expires));
        Assert.True(await store.TryReserveAsync(key, 0m, 0m, Expires));
        Assert.False(await store.TryReserveAsync(key, 0.01m, 0m, Expires));
        Assert.Equal(0m, await store.GetSpentAsync(key));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.TryReserveAsync(key, -1m, 10m, Expires).AsTask());
    }

    [RedisFact]
    public async Task TryReserveAsync_SetsTheKeysExpiry()
    {
        using ConnectionMultiplexer redis = await RedisTestServer.ConnectAsync();
        var store = new RedisBudgetStore(redis);
        string key = NewKey();

        await store.TryReserveAsync(key, 1m, 10m, Expires);

        DateTime? expiry = await redis.GetDatabase().KeyExpireTimeAsync(key);
        Assert.Equal(Expires.UtcDateTime, expiry);
    }

    [RedisFact]
    public async Task TryReserveAsync_ServerThatMayEvict_ThrowsEvictionPolicy()
    {
        using ConnectionMultiplexer redis = await RedisTestServer.ConnectAsync();
        await using (await RedisTestServer.SetConfigAsync(redis, "maxmemory-policy", "volatile-lru"))
        {
            RedisStoreException ex = await Assert.ThrowsAsync<RedisStoreException>(() => new RedisBudgetStore(redis).TryReserveAsync(NewKey(), 1m, 10m, Expires).AsTask());
            Assert.Equal(RedisStoreFailure.EvictionPolicy, ex.Failure);
        }
    }

    [RedisTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CostControl_BudgetInRedis_AdmitsWhatFitsAndRefusesTheRest(bool streaming)
    {
        using ConnectionMultiplexer redis = await RedisTestServer.ConnectAsync();
        var store = new RedisBudgetStore(redis);
        var options = new CostControlOptions();
        options.Prices["m"] = new ModelPrice { InputPerMillionTokens = 0m, OutputPerMillionTokens = 1_000_000m };
        string tenant = "tenant-" + Guid.NewGuid().ToString("N");
        options.Budgets[tenant] = new BudgetLimit { Daily = 10m };
        using var inner = new FixedAnswerChatClient("sixteen chars ok", usage: new UsageDetails { InputTokenCount = 3, OutputTokenCount = 4 });
        using var client = new CostControlChatClient(inner, options, store);
        ChatOptions chatOptions = new ChatOptions { ModelId = "m", MaxOutputTokens = 4 }.WithCaller(new CallerContext("u", tenantId: tenant));

        for (int i = 0; i < 2; i++)
        {
            await CallAsync(client, chatOptions, streaming);
        }

        await Assert.ThrowsAsync<BudgetExceededException>(() => CallAsync(client, chatOptions, streaming));
        decimal spent = 0;
        using (ConnectionMultiplexer check = await RedisTestServer.ConnectAsync())
        {
            await foreach (RedisKey key in check.GetServers()[0].KeysAsync(pattern: $"*{tenant}*"))
            {
                spent = Math.Max(spent, await new RedisBudgetStore(check).GetSpentAsync(key!));
            }
        }

        Assert.Equal(8m, spent);
    }

    private static async Task CallAsync(IChatClient client, ChatOptions options, bool streaming)
    {
        if (streaming)
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("hi", options))
            {
                _ = update;
            }
        }
        else
        {
            await client.GetResponseAsync("hi", options);
        }
    }

    private static string NewKey() => "compliant-ai:test:budget:" + Guid.NewGuid().ToString("N");
}
