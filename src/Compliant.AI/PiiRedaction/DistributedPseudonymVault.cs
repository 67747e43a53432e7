using System.Buffers.Text;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Compliant.AI.Internal;
using Compliant.AI.PiiRedaction.Internal;
using Microsoft.Extensions.Caching.Distributed;

namespace Compliant.AI;

/// <summary>An <see cref="IPseudonymVault"/> over <see cref="IDistributedCache"/> (Redis, SQL Server, ...) for hosts where several instances serve one conversation.</summary>
/// <remarks>
/// <para>
/// A scope is stored as <b>one</b> cache entry holding all its pseudonyms, so its values, placeholders and numbering live
/// and die together: a cache that expires keys one by one (Redis with sliding expiry) can never keep a value's placeholder
/// while forgetting the counter and so issue the same placeholder to two people. The entry expires after <c>expiry</c>
/// without use (sliding expiration, refreshed by every read).
/// </para>
/// <para>
/// No personal data reaches the cache in the clear: the cache key is an HMAC-SHA256 (keyed with the <see cref="PiiKey"/>) of
/// the scope, and the entry is encrypted with AES-256-GCM, bound to its key. Each call reads and decrypts the scope's entry,
/// so the cost grows with the number of distinct values in the conversation.
/// </para>
/// <para>
/// Within one instance changes to a scope are serialized. Across instances a change is written, read back and merged again
/// when another instance's write replaced it; two instances adding different values to the same conversation at the very
/// same moment can still race (a distributed cache offers no compare-and-swap), so route a conversation to one instance at
/// a time where that matters.
/// </para>
/// <para>All members are thread-safe.</para>
/// </remarks>
public sealed class DistributedPseudonymVault : IPseudonymVault
{
    private const string KeyPrefix = "compliant-ai:pii:";
    private const int MaxMergeAttempts = 8;
    private const int FormatVersion = 1;
    private readonly IDistributedCache _cache;
    private readonly PiiKey _key;
    private readonly DistributedCacheEntryOptions _entryOptions;
    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    /// <summary>Initializes a new instance of the <see cref="DistributedPseudonymVault"/> class.</summary>
    /// <param name="cache">The distributed cache.</param>
    /// <param name="key">The key for cache-key HMACs and entry encryption; the same on every instance.</param>
    /// <param name="expiry">How long a scope lives without use; 24 hours when <see langword="null"/>.</param>
    public DistributedPseudonymVault(IDistributedCache cache, PiiKey key, TimeSpan? expiry = null)
    {
        _cache = Throw.IfNull(cache);
        _key = Throw.IfNull(key);
        TimeSpan sliding = expiry ?? TimeSpan.FromHours(24);
        if (sliding <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(expiry), "The expiry must be positive.");
        }

        _entryOptions = new DistributedCacheEntryOptions { SlidingExpiration = sliding };
    }

    /// <inheritdoc />
    public async ValueTask<string> GetOrAddPseudonymAsync(string scope, string entityType, string value, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(scope);
        Throw.IfNull(entityType);
        Throw.IfNull(value);
        string type = PlaceholderSyntax.NormalizeType(entityType);
        string cacheKey = CacheKey(scope);
        ScopeState? state = await ReadAsync(cacheKey, cancellationToken).ConfigureAwait(false);
        if (state?.Find(type, value) is { } existing)
        {
            return existing;
        }

        SemaphoreSlim stripe = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(scope) % (uint)_stripes.Length)];
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (int attempt = 0; attempt < MaxMergeAttempts; attempt++)
            {
                state = await ReadAsync(cacheKey, cancellationToken).ConfigureAwait(false) ?? new ScopeState();
                if (state.Find(type, value) is { } found)
                {
                    return found;
                }

                string placeholder = state.Add(type, value);
                await WriteAsync(cacheKey, state, cancellationToken).ConfigureAwait(false);

                // Read back: another instance may have replaced the entry with its own change in between.
                ScopeState? written = await ReadAsync(cacheKey, cancellationToken).ConfigureAwait(false);
                if (written is not null && string.Equals(written.Find(type, value), placeholder, StringComparison.Ordinal))
                {
                    return placeholder;
                }
            }

            throw new InvalidOperationException("Could not add a pseudonym to the distributed vault: the scope kept changing under concurrent writers.");
        }
        finally
        {
            stripe.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask<string?> GetValueAsync(string scope, string pseudonym, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(scope);
        Throw.IfNull(pseudonym);
        ScopeState? state = await ReadAsync(CacheKey(scope), cancellationToken).ConfigureAwait(false);
        return state?.ValueOf(pseudonym);
    }

    private async ValueTask<ScopeState?> ReadAsync(string cacheKey, CancellationToken cancellationToken)
    {
        byte[]? sealedData = await _cache.GetAsync(cacheKey, cancellationToken).ConfigureAwait(false);
        if (sealedData is null || !_key.TryDecrypt(sealedData, Encoding.UTF8.GetBytes(cacheKey), out byte[] plain))
        {
            return null;
        }

        try
        {
            return ScopeState.Deserialize(plain);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private Task WriteAsync(string cacheKey, ScopeState state, CancellationToken cancellationToken)
    {
        byte[] plain = state.Serialize();
        byte[] sealedData = _key.Encrypt(plain, Encoding.UTF8.GetBytes(cacheKey));
        CryptographicOperations.ZeroMemory(plain);
        return _cache.SetAsync(cacheKey, sealedData, _entryOptions, cancellationToken);
    }

    private string CacheKey(string scope)
    {
        // 's' + UTF-16 scope: lossless (lone surrogates included).
        byte[] buffer = new byte[2 + (scope.Length * 2)];
        BinaryPrimitives.WriteUInt16LittleEndian(buffer, 's');
        MemoryMarshal.AsBytes(scope.AsSpan()).CopyTo(buffer.AsSpan(2));
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        _key.Mac(buffer, mac);
        CryptographicOperations.ZeroMemory(buffer);
        return KeyPrefix + Base64Url.EncodeToString(mac);
    }

    /// <summary>All pseudonyms of one scope: (type, value, number) entries, serialized as length-prefixed UTF-16.</summary>
    private sealed class ScopeState
    {
        private readonly List<(string Type, string Value, long Number)> _entries = [];
        private readonly Dictionary<string, long> _counters = new(StringComparer.Ordinal);

        public string? Find(string type, string value)
        {
            foreach ((string t, string v, long n) in _entries)
            {
                if (string.Equals(t, type, StringComparison.Ordinal) && string.Equals(v, value, StringComparison.Ordinal))
                {
                    return PlaceholderSyntax.Format(t, n);
                }
            }

            return null;
        }

        public string? ValueOf(string placeholder)
        {
            foreach ((string t, string v, long n) in _entries)
            {
                if (string.Equals(PlaceholderSyntax.Format(t, n), placeholder, StringComparison.Ordinal))
                {
                    return v;
                }
            }

            return null;
        }

        public string Add(string type, string value)
        {
            long next = _counters.TryGetValue(type, out long n) ? n + 1 : 1;
            _counters[type] = next;
            _entries.Add((type, value, next));
            return PlaceholderSyntax.Format(type, next);
        }

        public byte[] Serialize()
        {
            int size = 8;
            foreach ((string t, string v, _) in _entries)
            {
                size += 4 + (t.Length * 2) + 4 + (v.Length * 2) + 8;
            }

            byte[] buffer = new byte[size];
            Span<byte> span = buffer;
            BinaryPrimitives.WriteInt32LittleEndian(span, FormatVersion);
            BinaryPrimitives.WriteInt32LittleEndian(span[4..], _entries.Count);
            int offset = 8;
            foreach ((string t, string v, long n) in _entries)
            {
                offset = WriteString(span, offset, t);
                offset = WriteString(span, offset, v);
                BinaryPrimitives.WriteInt64LittleEndian(span[offset..], n);
                offset += 8;
            }

            return buffer;
        }

        public static ScopeState? Deserialize(ReadOnlySpan<byte> data)
        {
            if (data.Length < 8 || BinaryPrimitives.ReadInt32LittleEndian(data) != FormatVersion)
            {
                return null;
            }

            int count = BinaryPrimitives.ReadInt32LittleEndian(data[4..]);
            var state = new ScopeState();
            int offset = 8;
            for (int i = 0; i < count; i++)
            {
                if (!TryReadString(data, ref offset, out string? type) || !TryReadString(data, ref offset, out string? value) || offset + 8 > data.Length)
                {
                    return null;
                }

                long number = BinaryPrimitives.ReadInt64LittleEndian(data[offset..]);
                offset += 8;
                state._entries.Add((type, value, number));
                state._counters[type] = Math.Max(number, state._counters.TryGetValue(type, out long n) ? n : 0);
            }

            return state;
        }

        private static int WriteString(Span<byte> span, int offset, string text)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[offset..], text.Length);
            offset += 4;
            MemoryMarshal.AsBytes(text.AsSpan()).CopyTo(span[offset..]);
            return offset + (text.Length * 2);
        }

        private static bool TryReadString(ReadOnlySpan<byte> data, ref int offset, [NotNullWhen(true)] out string? text)
        {
            text = null;
            if (offset + 4 > data.Length)
            {
                return false;
            }

            int length = BinaryPrimitives.ReadInt32LittleEndian(data[offset..]);
            offset += 4;
            if (length < 0 || length > (data.Length - offset) / 2)
            {
                return false;
            }

            text = new string(MemoryMarshal.Cast<byte, char>(data.Slice(offset, length * 2)));
            offset += length * 2;
            return true;
        }
    }
}
