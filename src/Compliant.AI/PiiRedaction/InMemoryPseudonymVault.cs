using System.Collections.Concurrent;
using Compliant.AI.Internal;
using Compliant.AI.PiiRedaction.Internal;

namespace Compliant.AI;

/// <summary>The default <see cref="IPseudonymVault"/>: one <see cref="PseudonymTable"/> per scope in process memory, expired when idle, bounded in size.</summary>
/// <remarks>
/// <para>
/// A scope unused for longer than the expiry is forgotten (checked with the given <see cref="TimeProvider"/>); beyond the
/// maximum number of scopes the least recently used ones are dropped. A forgotten scope's placeholders are no longer
/// restored: they stay literal in later answers. Use <see cref="DistributedPseudonymVault"/> when several instances
/// serve one conversation.
/// </para>
/// <para>
/// A scope in use by a request of <see cref="PiiRedactionChatClient"/> (from redaction until its answer is restored) is
/// never dropped, neither for size nor for idleness, so more conversations in flight than the maximum only make the vault
/// exceed it for as long as they run. A request that has not ended within the expiry (an abandoned stream) no longer
/// protects its scope.
/// </para>
/// <para>All members are thread-safe.</para>
/// </remarks>
public sealed class InMemoryPseudonymVault : IPseudonymVault, IScopeLeasingVault
{
    private readonly ConcurrentDictionary<string, Entry> _scopes = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _expiry;
    private readonly int _maxScopes;
    private readonly int _maxEntriesPerScope;
    private readonly Lock _sweepGate = new();
    private int _operations;

    /// <summary>Initializes a new instance of the <see cref="InMemoryPseudonymVault"/> class.</summary>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="expiry">How long an idle scope lives; 24 hours when <see langword="null"/>.</param>
    /// <param name="maxScopes">The most scopes kept.</param>
    /// <param name="maxEntriesPerScope">The most distinct values per scope.</param>
    public InMemoryPseudonymVault(TimeProvider? timeProvider = null, TimeSpan? expiry = null, int maxScopes = 10_000, int maxEntriesPerScope = 10_000)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
        _expiry = expiry ?? TimeSpan.FromHours(24);
        if (_expiry <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(expiry), "The expiry must be positive.");
        }

        _maxScopes = Throw.IfLessThan(maxScopes, 1);
        _maxEntriesPerScope = Throw.IfLessThan(maxEntriesPerScope, 1);
    }

    /// <summary>Gets the number of scopes currently held (including expired ones not yet swept).</summary>
    public int ScopeCount => _scopes.Count;

    /// <inheritdoc />
    public ValueTask<string> GetOrAddPseudonymAsync(string scope, string entityType, string value, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(scope);
        Throw.IfNull(entityType);
        Throw.IfNull(value);
        return new(GetTable(scope, create: true)!.GetOrAdd(entityType, value));
    }

    /// <inheritdoc />
    public ValueTask<string?> GetValueAsync(string scope, string pseudonym, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(scope);
        Throw.IfNull(pseudonym);
        PseudonymTable? table = GetTable(scope, create: false);
        return new(table is not null && table.TryGetValue(pseudonym, out string? value) ? value : null);
    }

    /// <summary>Forgets a scope now, for example when its conversation is deleted.</summary>
    /// <param name="scope">The scope id.</param>
    /// <returns><see langword="true"/> when the scope existed.</returns>
    public bool Remove(string scope)
    {
        Throw.IfNull(scope);
        return _scopes.TryRemove(scope, out _);
    }

    /// <inheritdoc />
    IDisposable IScopeLeasingVault.Acquire(string scope)
    {
        Throw.IfNull(scope);
        long now = _timeProvider.GetTimestamp();
        Entry entry;
        lock (_sweepGate)
        {
            // Under the sweep lock: a sweep cannot drop the entry between finding it and marking it in use.
            if (!_scopes.TryGetValue(scope, out entry!) || IsExpired(entry, now))
            {
                entry = new Entry(new PseudonymTable(_maxEntriesPerScope), now);
                _scopes[scope] = entry;
            }

            entry.InUse++;
            Volatile.Write(ref entry.LastUsed, now);
        }

        if (_scopes.Count > _maxScopes)
        {
            Sweep(now, scope);
        }

        return new Lease(this, entry);
    }

    private void Release(Entry entry)
    {
        lock (_sweepGate)
        {
            entry.InUse--;
            Volatile.Write(ref entry.LastUsed, _timeProvider.GetTimestamp());
        }
    }

    private bool IsExpired(Entry entry, long now) => _timeProvider.GetElapsedTime(Volatile.Read(ref entry.LastUsed), now) > _expiry;

    private PseudonymTable? GetTable(string scope, bool create)
    {
        long now = _timeProvider.GetTimestamp();
        if (_scopes.TryGetValue(scope, out Entry? entry))
        {
            if (!IsExpired(entry, now) || entry.InUse > 0)
            {
                Volatile.Write(ref entry.LastUsed, now);
                return entry.Table;
            }

            lock (_sweepGate)
            {
                if (entry.InUse == 0)
                {
                    _scopes.TryRemove(new KeyValuePair<string, Entry>(scope, entry));
                }
            }
        }

        if (!create)
        {
            return null;
        }

        Entry added = _scopes.GetOrAdd(scope, static (_, state) => new Entry(new PseudonymTable(state.Max), state.Now), (Max: _maxEntriesPerScope, Now: now));
        Volatile.Write(ref added.LastUsed, now);
        if (_scopes.Count > _maxScopes || (Interlocked.Increment(ref _operations) & 1023) == 0)
        {
            Sweep(now, scope);
        }

        return added.Table;
    }

    private void Sweep(long now, string keep)
    {
        lock (_sweepGate)
        {
            // A scope in use is kept unless its request has outlived the expiry (an abandoned stream).
            foreach (KeyValuePair<string, Entry> pair in _scopes)
            {
                if (IsExpired(pair.Value, now))
                {
                    _scopes.TryRemove(pair);
                }
            }

            int excess = _scopes.Count - _maxScopes;
            if (excess > 0)
            {
                // Drop the least recently used idle scopes, plus a little headroom so a full vault does not sweep on every call.
                int drop = Math.Min(_scopes.Count - 1, excess + (_maxScopes / 10));
                foreach (KeyValuePair<string, Entry> pair in _scopes.Where(p => p.Key != keep && p.Value.InUse == 0).OrderBy(p => Volatile.Read(ref p.Value.LastUsed)).Take(drop).ToList())
                {
                    _scopes.TryRemove(pair);
                }
            }
        }
    }

    private sealed class Entry(PseudonymTable table, long lastUsed)
    {
#pragma warning disable SA1401, CA1051 // A field so it can be read and written atomically.
        public long LastUsed = lastUsed;
#pragma warning restore SA1401, CA1051

        /// <summary>Gets or sets how many requests use the scope now; changed under the vault's sweep lock only.</summary>
        public int InUse { get; set; }

        public PseudonymTable Table { get; } = table;
    }

    private sealed class Lease(InMemoryPseudonymVault owner, Entry entry) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(entry);
            }
        }
    }
}
