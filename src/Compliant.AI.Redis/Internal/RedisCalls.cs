using StackExchange.Redis;

namespace Compliant.AI.Redis.Internal;

/// <summary>Runs a Redis call and turns StackExchange.Redis failures into <see cref="RedisStoreException"/>.</summary>
internal static class RedisCalls
{
    public static async Task<T> RunAsync<T>(string operation, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await call().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RedisConnectionException ex)
        {
            throw new RedisStoreException(RedisStoreFailure.Unavailable, $"{operation} failed: the Redis server is unreachable.", ex);
        }
        catch (RedisTimeoutException ex)
        {
            throw new RedisStoreException(RedisStoreFailure.Unavailable, $"{operation} failed: the Redis server did not answer in time.", ex);
        }
        catch (RedisServerException ex) when (ex.Message.Contains("OOM", StringComparison.Ordinal))
        {
            throw new RedisStoreException(RedisStoreFailure.OutOfMemory, $"{operation} failed: the Redis server is out of memory and refused the write.", ex);
        }
        catch (RedisException ex)
        {
            throw new RedisStoreException(RedisStoreFailure.ServerError, $"{operation} failed: the Redis server returned an error.", ex);
        }
        catch (RedisCommandException ex)
        {
            throw new RedisStoreException(RedisStoreFailure.ServerError, $"{operation} failed: the Redis command was refused by the client.", ex);
        }
        catch (ObjectDisposedException ex)
        {
            throw new RedisStoreException(RedisStoreFailure.Unavailable, $"{operation} failed: the Redis connection was closed.", ex);
        }
    }

    /// <summary>Fails unless the server's <c>maxmemory-policy</c> is <c>noeviction</c> (checked once per engine).</summary>
    public static async Task EnsureNoEvictionAsync(IConnectionMultiplexer connection, string operation, CancellationToken cancellationToken)
    {
        string? policy = await RunAsync(
            operation,
            async () =>
            {
                // INFO inside a script, not CONFIG GET: it needs neither the client's admin mode nor the server's CONFIG
                // command, which managed servers often disable.
                RedisResult result = await connection.GetDatabase().ScriptEvaluateAsync("return redis.call('INFO', 'memory')").ConfigureAwait(false);
                foreach (string line in ((string?)result ?? string.Empty).Split('\n'))
                {
                    if (line.StartsWith("maxmemory_policy:", StringComparison.Ordinal))
                    {
                        return line["maxmemory_policy:".Length..].Trim();
                    }
                }

                return null;
            },
            cancellationToken).ConfigureAwait(false);
        if (!string.Equals(policy, "noeviction", StringComparison.Ordinal))
        {
            throw new RedisStoreException(
                RedisStoreFailure.EvictionPolicy,
                $"{operation} refused: the Redis server's maxmemory-policy is '{policy ?? "unknown"}', so it may evict keys under memory pressure. Set it to 'noeviction', or accept eviction explicitly in the engine's options.");
        }
    }
}
