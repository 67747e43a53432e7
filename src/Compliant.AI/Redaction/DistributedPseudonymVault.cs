using System.Buffers.Text;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Compliant.AI.Internal;
using Compliant.AI.Redaction.Internal;
using Microsoft.Extensions.Caching.Distributed;

namespace Compliant.AI;

/// <summary>An <see cref="IPseudonymVault"/> over <see cref="IDistributedCache"/> (Redis, SQL Server, ...) for hosts where several instances serve one conversation.</summary>
/// <remarks>
/// <para>
/// No personal data reaches the cache in the clear: every cache key is an HMAC-SHA256 (keyed with the <see cref="PiiKey"/>)
/// of the scope and the value or placeholder, and every stored entry is encrypted with AES-256-GCM, bound to its key.
/// Entries expire after <c>expiry</c> without use (sliding expiration).
/// </para>
/// <para>
/// Within one instance placeholder numbering is serialized per scope. Across instances numbering is optimistic: a new
/// number is taken only when no entry for it exists yet; two instances adding different values to the same conversation at
/// the very same moment can still race, so route a conversation to one instance at a time where that matters.
/// </para>
/// <para>All members are thread-safe.</para>
/// </remarks>
public sealed class DistributedPseudonymVault : IPseudonymVault
{
    private const string KeyPrefix = "compliant-ai:pii:";
    private const int MaxAllocationAttempts = 1000;
    private readonly IDistributedCache _cache;
    private readonly PiiKey _key;
    private readonly DistributedCacheEntryOptions _entryOptions;
    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    /// <summary>Initializes a new instance of the <see cref="DistributedPseudonymVault"/> class.</summary>
    /// <param name="cache">The distributed cache.</param>
    /// <param name="key">The key for cache-key HMACs and entry encryption; the same on every instance.</param>
    /// <param name="expiry">How long entries live without use; 24 hours when <see langword="null"/>.</param>
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
        string valueKey = CacheKey('v', scope, type, value);
        string? existing = await ReadAsync(valueKey, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing;
        }

        SemaphoreSlim stripe = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(scope) % (uint)_stripes.Length)];
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            existing = await ReadAsync(valueKey, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                return existing;
            }

            string counterKey = CacheKey('n', scope, type, string.Empty);
            string? counterText = await ReadAsync(counterKey, cancellationToken).ConfigureAwait(false);
            long counter = counterText is not null && long.TryParse(counterText, NumberStyles.None, CultureInfo.InvariantCulture, out long c) ? c : 0;
            for (int attempt = 0; attempt < MaxAllocationAttempts; attempt++)
            {
                counter++;
                string placeholder = PlaceholderSyntax.Format(type, counter);
                string placeholderKey = CacheKey('p', scope, placeholder, string.Empty);
                if (await _cache.GetAsync(placeholderKey, cancellationToken).ConfigureAwait(false) is not null)
                {
                    continue; // Taken by another instance.
                }

                await WriteAsync(placeholderKey, value, cancellationToken).ConfigureAwait(false);
                await WriteAsync(valueKey, placeholder, cancellationToken).ConfigureAwait(false);
                await WriteAsync(counterKey, counter.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
                return placeholder;
            }

            throw new InvalidOperationException("Could not allocate a new placeholder in the distributed pseudonym vault.");
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
        return await ReadAsync(CacheKey('p', scope, pseudonym, string.Empty), cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<string?> ReadAsync(string cacheKey, CancellationToken cancellationToken)
    {
        byte[]? sealedData = await _cache.GetAsync(cacheKey, cancellationToken).ConfigureAwait(false);
        if (sealedData is null || !_key.TryDecrypt(sealedData, Encoding.UTF8.GetBytes(cacheKey), out byte[] plain))
        {
            return null;
        }

        return new string(MemoryMarshal.Cast<byte, char>(plain));
    }

    private Task WriteAsync(string cacheKey, string text, CancellationToken cancellationToken)
    {
        byte[] sealedData = _key.Encrypt(MemoryMarshal.AsBytes(text.AsSpan()), Encoding.UTF8.GetBytes(cacheKey));
        return _cache.SetAsync(cacheKey, sealedData, _entryOptions, cancellationToken);
    }

    private string CacheKey(char kind, string scope, string a, string b)
    {
        // Length-prefixed UTF-16 parts: lossless (lone surrogates included) and unambiguous.
        int size = 2 + (3 * 4) + ((scope.Length + a.Length + b.Length) * 2);
        byte[] buffer = new byte[size];
        Span<byte> span = buffer;
        BinaryPrimitives.WriteUInt16LittleEndian(span, kind);
        int offset = 2;
        foreach (string part in (ReadOnlySpan<string>)[scope, a, b])
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[offset..], part.Length);
            offset += 4;
            MemoryMarshal.AsBytes(part.AsSpan()).CopyTo(span[offset..]);
            offset += part.Length * 2;
        }

        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        _key.Mac(buffer, mac);
        CryptographicOperations.ZeroMemory(buffer);
        return KeyPrefix + Base64Url.EncodeToString(mac);
    }
}
