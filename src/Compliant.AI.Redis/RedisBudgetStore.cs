using System.Globalization;
using Compliant.AI.Redis.Internal;
using StackExchange.Redis;

namespace Compliant.AI;

/// <summary>An <see cref="IBudgetStore"/> on Redis whose reservations and settlements are atomic across every instance of a host.</summary>
/// <remarks>
/// <para>
/// Each budget key is one Redis integer counting nano-units (10<sup>-9</sup>) of the currency. A reservation is a Lua
/// script that adds the amount only when the total stays within the limit, and a settlement is an <c>INCRBY</c> in a
/// script too; the server runs each as one step, so concurrent calls from any number of instances can never admit more
/// than the limit allows (200 concurrent calls of 1.0 against a limit of 10.5 admit exactly 10).
/// </para>
/// <para>
/// Amounts are rounded away from zero to whole nano-units (a reservation is never under-counted; a reservation and its
/// release round alike, so they cancel exactly). The counter is an exact 64-bit integer (up to about 9.2·10<sup>9</sup>
/// currency units); the limit comparison inside the script is exact up to about 9·10<sup>6</sup> currency units per key
/// and within a few nano-units beyond. Each key expires at the <c>expiresAt</c> given.
/// </para>
/// <para>
/// The same eviction rule as <see cref="RedisPseudonymVault"/> applies: an evicted budget key would forget spend, so
/// the store requires <c>maxmemory-policy noeviction</c> unless <c>allowEviction</c> is set. Every failure is a
/// <see cref="RedisStoreException"/>; the cost-control stage then refuses the call (fail-closed).
/// </para>
/// <para>All members are thread-safe. The connection is owned by the caller.</para>
/// </remarks>
public sealed class RedisBudgetStore : IBudgetStore
{
    private const decimal Scale = 1_000_000_000m;

    // KEYS[1] budget; ARGV[1] amount, ARGV[2] limit (nano-units), ARGV[3] expiry (unix ms). 1 when reserved, else 0.
    private const string ReserveScript = """
        local spent = tonumber(redis.call('GET', KEYS[1]) or '0')
        if spent + tonumber(ARGV[1]) > tonumber(ARGV[2]) then return 0 end
        redis.call('INCRBY', KEYS[1], ARGV[1])
        redis.call('PEXPIREAT', KEYS[1], ARGV[3])
        return 1
        """;

    // KEYS[1] budget; ARGV[1] amount (nano-units, may be negative), ARGV[2] expiry (unix ms).
    private const string AddScript = """
        local v = redis.call('INCRBY', KEYS[1], ARGV[1])
        redis.call('PEXPIREAT', KEYS[1], ARGV[2])
        return v
        """;

    private readonly IConnectionMultiplexer _connection;
    private readonly bool _allowEviction;
    private volatile Task? _evictionCheck;

    /// <summary>Initializes a new instance of the <see cref="RedisBudgetStore"/> class.</summary>
    /// <param name="connection">The Redis connection; owned by the caller and shared by all instances of the host.</param>
    /// <param name="allowEviction"><see langword="true"/> to accept a server that may evict keys; by default the store refuses one.</param>
    public RedisBudgetStore(IConnectionMultiplexer connection, bool allowEviction = false)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _allowEviction = allowEviction;
    }

    /// <inheritdoc />
    /// <exception cref="RedisStoreException">Redis is unreachable, full, evicting or failed; nothing was reserved.</exception>
    public async ValueTask<bool> TryReserveAsync(string key, decimal amount, decimal limit, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        long units = ToUnits(amount);
        long limitUnits = limit < 0 ? -1 : ToLimitUnits(limit);
        await EnsureServerAsync(cancellationToken).ConfigureAwait(false);
        RedisResult result = await RedisCalls.RunAsync(
            "Reserving budget",
            () => _connection.GetDatabase().ScriptEvaluateAsync(ReserveScript, [key], [units, limitUnits, expiresAt.ToUnixTimeMilliseconds()]),
            cancellationToken).ConfigureAwait(false);
        return (long)result == 1;
    }

    /// <inheritdoc />
    /// <exception cref="RedisStoreException">Redis is unreachable, full, evicting or failed; nothing was added.</exception>
    public async ValueTask AddAsync(string key, decimal amount, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        long units = amount < 0 ? -ToUnits(-amount) : ToUnits(amount);
        await EnsureServerAsync(cancellationToken).ConfigureAwait(false);
        await RedisCalls.RunAsync(
            "Settling budget",
            () => _connection.GetDatabase().ScriptEvaluateAsync(AddScript, [key], [units, expiresAt.ToUnixTimeMilliseconds()]),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="RedisStoreException">Redis is unreachable or failed.</exception>
    public async ValueTask<decimal> GetSpentAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        RedisValue value = await RedisCalls.RunAsync(
            "Reading budget",
            () => _connection.GetDatabase().StringGetAsync(key),
            cancellationToken).ConfigureAwait(false);
        return value.IsNull ? 0m : long.Parse((string)value!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) / Scale;
    }

    private static long ToUnits(decimal amount)
    {
        decimal scaled = decimal.Ceiling(amount * Scale);
        if (scaled > long.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), "The amount is too large for the Redis budget store.");
        }

        return (long)scaled;
    }

    private static long ToLimitUnits(decimal limit)
    {
        // A limit beyond the counter's range is no limit at all.
        decimal scaled = limit >= long.MaxValue / Scale ? long.MaxValue : decimal.Floor(limit * Scale);
        return (long)scaled;
    }

    private Task EnsureServerAsync(CancellationToken cancellationToken)
    {
        if (_allowEviction)
        {
            return Task.CompletedTask;
        }

        Task? check = _evictionCheck;
        if (check is null || check.IsFaulted || check.IsCanceled)
        {
            check = RedisCalls.EnsureNoEvictionAsync(_connection, "The Redis budget store", CancellationToken.None);
            _evictionCheck = check;
        }

        return check.IsCompletedSuccessfully ? Task.CompletedTask : check.WaitAsync(cancellationToken);
    }
}
