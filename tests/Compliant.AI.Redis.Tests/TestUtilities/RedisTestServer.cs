using StackExchange.Redis;

namespace Compliant.AI.Tests;

/// <summary>Connections to the test server, and its configuration changed for one test and restored after.</summary>
public static class RedisTestServer
{
    public static Task<ConnectionMultiplexer> ConnectAsync() =>
        ConnectionMultiplexer.ConnectAsync(TestServers.Redis + ",allowAdmin=true");

    public static async Task<IAsyncDisposable> SetConfigAsync(ConnectionMultiplexer redis, string name, string value)
    {
        IServer server = redis.GetServers()[0];
        string old = (await server.ConfigGetAsync(name)).Single().Value;
        await server.ConfigSetAsync(name, value);
        return new Restore(server, name, old);
    }

    private sealed class Restore(IServer server, string name, string value) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await server.ConfigSetAsync(name, value);
    }
}
