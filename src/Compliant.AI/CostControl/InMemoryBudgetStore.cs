using System.Collections.Concurrent;

namespace Compliant.AI;

/// <summary>The default <see cref="IBudgetStore"/>: spend kept in this process's memory.</summary>
/// <remarks>
/// Reservations are atomic per key (a lock per key), so concurrent calls in this process never reserve past a limit.
/// Each process has its own spend: with several instances, use <see cref="DistributedCacheBudgetStore"/> or a store on an
/// atomic backend. Expired keys are removed as new keys are written. Thread-safe.
/// </remarks>
public sealed class InMemoryBudgetStore : IBudgetStore
{
    private const int SweepEvery = 1024;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private int _writes;

    /// <summary>Initializes a new instance of the <see cref="InMemoryBudgetStore"/> class.</summary>
    /// <param name="timeProvider">The clock used to forget expired keys; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    public InMemoryBudgetStore(TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public ValueTask<bool> TryReserveAsync(string key, decimal amount, decimal limit, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        cancellationToken.ThrowIfCancellationRequested();
        Entry entry = GetEntry(key, expiresAt);
        lock (entry)
        {
            if (entry.Spent + amount > limit)
            {
                return new ValueTask<bool>(false);
            }

            entry.Spent += amount;
            return new ValueTask<bool>(true);
        }
    }

    /// <inheritdoc />
    public ValueTask AddAsync(string key, decimal amount, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        Entry entry = GetEntry(key, expiresAt);
        lock (entry)
        {
            entry.Spent += amount;
        }

        return default;
    }

    /// <inheritdoc />
    public ValueTask<decimal> GetSpentAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (_entries.TryGetValue(key, out Entry? entry) && entry.ExpiresAt > _timeProvider.GetUtcNow())
        {
            lock (entry)
            {
                return new ValueTask<decimal>(entry.Spent);
            }
        }

        return new ValueTask<decimal>(0m);
    }

    private Entry GetEntry(string key, DateTimeOffset expiresAt)
    {
        if (_entries.TryGetValue(key, out Entry? entry))
        {
            return entry;
        }

        entry = _entries.GetOrAdd(key, static (_, e) => new Entry { ExpiresAt = e }, expiresAt);
        if (Interlocked.Increment(ref _writes) % SweepEvery == 0)
        {
            DateTimeOffset now = _timeProvider.GetUtcNow();
            foreach (KeyValuePair<string, Entry> pair in _entries)
            {
                if (pair.Value.ExpiresAt <= now)
                {
                    _entries.TryRemove(pair);
                }
            }
        }

        return entry;
    }

    private sealed class Entry
    {
        public decimal Spent;
        public DateTimeOffset ExpiresAt;
    }
}
