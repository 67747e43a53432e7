using System.Globalization;
using System.Text;
using Microsoft.Extensions.Caching.Distributed;

namespace Compliant.AI;

/// <summary>An <see cref="IBudgetStore"/> that keeps spend in an <see cref="IDistributedCache"/> (for example Redis) so that several instances share budgets.</summary>
/// <remarks>
/// <para>
/// <see cref="IDistributedCache"/> has no atomic increment or compare-and-set, so each update is a read followed by a
/// write. Within one process the store serializes updates of a key, so reservations there are exact. Across processes,
/// two instances updating the same key at the same moment can lose one update: spend may then be under-counted by
/// the cost of the calls that raced, and a tenant can overspend by up to one call's cost per racing instance. Where
/// that is not acceptable, implement <see cref="IBudgetStore"/> on an atomic primitive (Redis <c>INCRBYFLOAT</c> in a
/// Lua script, a SQL row lock).
/// </para>
/// <para>Values are stored as invariant-culture decimal text under the key given, expiring after the period. Thread-safe.</para>
/// </remarks>
public sealed class DistributedCacheBudgetStore : IBudgetStore
{
    private const int Stripes = 64;
    private readonly IDistributedCache _cache;
    private readonly SemaphoreSlim[] _locks;

    /// <summary>Initializes a new instance of the <see cref="DistributedCacheBudgetStore"/> class.</summary>
    /// <param name="cache">The shared cache.</param>
    public DistributedCacheBudgetStore(IDistributedCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        _cache = cache;
        _locks = new SemaphoreSlim[Stripes];
        for (int i = 0; i < Stripes; i++)
        {
            _locks[i] = new SemaphoreSlim(1, 1);
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryReserveAsync(string key, decimal amount, decimal limit, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        SemaphoreSlim gate = Gate(key);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            decimal spent = await ReadAsync(key, cancellationToken).ConfigureAwait(false);
            if (spent + amount > limit)
            {
                return false;
            }

            await WriteAsync(key, spent + amount, expiresAt, cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask AddAsync(string key, decimal amount, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        SemaphoreSlim gate = Gate(key);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            decimal spent = await ReadAsync(key, cancellationToken).ConfigureAwait(false);
            await WriteAsync(key, spent + amount, expiresAt, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public ValueTask<decimal> GetSpentAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return new ValueTask<decimal>(ReadAsync(key, cancellationToken));
    }

    private SemaphoreSlim Gate(string key) => _locks[(StringComparer.Ordinal.GetHashCode(key) & int.MaxValue) % Stripes];

    private async Task<decimal> ReadAsync(string key, CancellationToken cancellationToken)
    {
        byte[]? bytes = await _cache.GetAsync(key, cancellationToken).ConfigureAwait(false);
        return bytes is not null && decimal.TryParse(Encoding.UTF8.GetString(bytes), NumberStyles.Number, CultureInfo.InvariantCulture, out decimal value)
            ? value
            : 0m;
    }

    private Task WriteAsync(string key, decimal value, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        _cache.SetAsync(
            key,
            Encoding.UTF8.GetBytes(value.ToString(CultureInfo.InvariantCulture)),
            new DistributedCacheEntryOptions { AbsoluteExpiration = expiresAt },
            cancellationToken);
}
