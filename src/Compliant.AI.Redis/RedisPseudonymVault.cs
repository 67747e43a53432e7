using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Compliant.AI.Internal;
using Compliant.AI.PiiRedaction.Internal;
using Compliant.AI.Redis.Internal;
using StackExchange.Redis;

namespace Compliant.AI;

/// <summary>An <see cref="IPseudonymVault"/> on Redis for hosts where several instances serve one conversation.</summary>
/// <remarks>
/// <para>
/// <b>One scope, one hash.</b> A scope (a conversation) is one Redis hash; each call is one Lua script that reads or
/// issues the placeholder and refreshes the hash's expiry, atomically on the server. The redaction stage issues all the
/// placeholders of one text, and restores all the complete placeholders of one answer text, in one script each (one
/// round trip), numbered exactly as the one-by-one calls would number them. The scope's values, its
/// placeholders and its per-type counters are created, refreshed and expire together, so Redis can never keep a
/// value's placeholder while forgetting the counter and then issue <c>&lt;PERSON_1&gt;</c> to a second person.
/// Instances never race: the server serializes the scripts, so every instance serving a conversation gets exactly the
/// same placeholders and restores exactly the same values.
/// </para>
/// <para>
/// <b>No personal data in the clear.</b> The hash's key is an HMAC-SHA256 of the scope (keyed with the
/// <see cref="PiiKey"/>); a value's field name is an HMAC of the scope, the type and the value (so equal values in two
/// conversations are not linkable); the value itself is stored encrypted with AES-256-GCM, bound to its scope and its
/// HMAC, and is checked against that HMAC when restored. Someone with write access to Redis can delete a scope or
/// permute the placeholders of one type within it, but can neither read a value nor plant one.
/// </para>
/// <para>
/// <b>Eviction.</b> Redis running with an evicting <c>maxmemory-policy</c> may drop a scope in the middle of a request;
/// the placeholders already sent would then not be restored (left as they are), and a value redacted later in that same
/// request could be numbered again. The vault therefore checks once that the server runs with <c>noeviction</c> and
/// otherwise fails with <see cref="RedisStoreFailure.EvictionPolicy"/> (unless <c>allowEviction</c> is set). With
/// <c>noeviction</c> a full server refuses writes: <see cref="RedisStoreFailure.OutOfMemory"/>, and the redaction stage
/// sends nothing. Every failure is a <see cref="RedisStoreException"/>, fail-closed.
/// </para>
/// <para>All members are thread-safe. The connection is owned by the caller.</para>
/// </remarks>
public sealed class RedisPseudonymVault : IPseudonymVault, IBatchPseudonymVault
{
    private const string KeyPrefix = "compliant-ai:pii:v2:";
    private const int MacBytes = 32;

    // KEYS[1] scope hash; ARGV[1] value field ("f:" + mac), ARGV[2] type, ARGV[3] mac + ciphertext, ARGV[4] expiry ms.
    // Returns the issued number (an existing value keeps its number).
    private const string GetOrAddScript = """
        local n = redis.call('HGET', KEYS[1], ARGV[1])
        if not n then
          n = redis.call('HINCRBY', KEYS[1], 'c:' .. ARGV[2], 1)
          redis.call('HSET', KEYS[1], ARGV[1], n, 'p:' .. ARGV[2] .. ':' .. n, ARGV[3])
        end
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        return tonumber(n)
        """;

    // KEYS[1] scope hash; ARGV[1] type, ARGV[2] number, ARGV[3] expiry ms. Returns mac + ciphertext, or nil.
    private const string GetValueScript = """
        local b = redis.call('HGET', KEYS[1], 'p:' .. ARGV[1] .. ':' .. ARGV[2])
        if not b then return false end
        if redis.call('HGET', KEYS[1], 'f:' .. string.sub(b, 1, 32)) ~= ARGV[2] then return false end
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return b
        """;

    // The batch forms, one script for all the entities of one text (one round trip). KEYS[1] scope hash; ARGV[1] expiry
    // ms; then per entry ARGV[i], ARGV[i+1], ARGV[i+2] as ARGV[1..3] of GetOrAddScript. Entries are issued in order, so
    // the numbering is the one-by-one calls' numbering. Returns the numbers, in order.
    private const string GetOrAddManyScript = """
        local out = {}
        for i = 2, #ARGV, 3 do
          local n = redis.call('HGET', KEYS[1], ARGV[i])
          if not n then
            n = redis.call('HINCRBY', KEYS[1], 'c:' .. ARGV[i + 1], 1)
            redis.call('HSET', KEYS[1], ARGV[i], n, 'p:' .. ARGV[i + 1] .. ':' .. n, ARGV[i + 2])
          end
          out[#out + 1] = tonumber(n)
        end
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        return out
        """;

    // KEYS[1] scope hash; ARGV[1] expiry ms; then per placeholder ARGV[i] type, ARGV[i+1] number. Returns mac + ciphertext
    // or false per placeholder, in order; refreshes the expiry when any was found (as GetValueScript does).
    private const string GetValuesScript = """
        local out = {}
        local found = false
        for i = 2, #ARGV, 2 do
          local b = redis.call('HGET', KEYS[1], 'p:' .. ARGV[i] .. ':' .. ARGV[i + 1])
          if b and redis.call('HGET', KEYS[1], 'f:' .. string.sub(b, 1, 32)) == ARGV[i + 1] then
            out[#out + 1] = b
            found = true
          else
            out[#out + 1] = false
          end
        end
        if found then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return out
        """;

    private readonly IConnectionMultiplexer _connection;
    private readonly PiiKey _key;
    private readonly long _expiryMilliseconds;
    private readonly bool _allowEviction;
    private volatile Task? _evictionCheck;

    /// <summary>Initializes a new instance of the <see cref="RedisPseudonymVault"/> class.</summary>
    /// <param name="connection">The Redis connection; owned by the caller and shared by all instances of the host.</param>
    /// <param name="key">The key for HMACs and encryption; the same on every instance.</param>
    /// <param name="expiry">How long a scope lives without use; 24 hours when <see langword="null"/>.</param>
    /// <param name="allowEviction">
    /// <see langword="true"/> to accept a server that may evict keys (see the remarks); by default the vault refuses to work
    /// against one.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expiry"/> is not positive.</exception>
    public RedisPseudonymVault(IConnectionMultiplexer connection, PiiKey key, TimeSpan? expiry = null, bool allowEviction = false)
    {
        _connection = Throw.IfNull(connection);
        _key = Throw.IfNull(key);
        TimeSpan sliding = expiry ?? TimeSpan.FromHours(24);
        if (sliding < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(expiry), "The expiry must be at least one millisecond.");
        }

        _expiryMilliseconds = (long)sliding.TotalMilliseconds;
        _allowEviction = allowEviction;
    }

    /// <inheritdoc />
    /// <exception cref="RedisStoreException">Redis is unreachable, full, evicting or failed; nothing was issued.</exception>
    public async ValueTask<string> GetOrAddPseudonymAsync(string scope, string entityType, string value, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(scope);
        Throw.IfNull(entityType);
        Throw.IfNull(value);
        await EnsureServerAsync(cancellationToken).ConfigureAwait(false);
        string type = PlaceholderSyntax.NormalizeType(entityType);
        string hashKey = HashKey(scope);
        (byte[] field, byte[] blob) = Seal(hashKey, scope, type, value);
        RedisResult result = await RedisCalls.RunAsync(
            "Issuing a pseudonym",
            () => _connection.GetDatabase().ScriptEvaluateAsync(GetOrAddScript, [hashKey], [field, type, blob, _expiryMilliseconds]),
            cancellationToken).ConfigureAwait(false);
        return PlaceholderSyntax.Format(type, (long)result);
    }

    /// <inheritdoc />
    /// <exception cref="RedisStoreException">Redis is unreachable or failed.</exception>
    public async ValueTask<string?> GetValueAsync(string scope, string pseudonym, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(scope);
        Throw.IfNull(pseudonym);
        if (!TryParse(pseudonym, out string? type, out long number))
        {
            return null;
        }

        await EnsureServerAsync(cancellationToken).ConfigureAwait(false);
        string hashKey = HashKey(scope);
        RedisResult result = await RedisCalls.RunAsync(
            "Restoring a pseudonym",
            () => _connection.GetDatabase().ScriptEvaluateAsync(GetValueScript, [hashKey], [type, number, _expiryMilliseconds]),
            cancellationToken).ConfigureAwait(false);
        return result.IsNull ? null : Open(scope, hashKey, type, (byte[]?)result);
    }

    /// <summary>The value's field name (<c>f:</c> + its HMAC) and the stored blob (HMAC + AES-GCM ciphertext bound to scope and HMAC).</summary>
    private (byte[] Field, byte[] Blob) Seal(string hashKey, string scope, string type, string value)
    {
        byte[] mac = ValueMac(scope, type, value);
        byte[] plain = Encoding.UTF8.GetBytes(value);
        byte[] sealedValue = _key.Encrypt(plain, AssociatedData(hashKey, mac));
        CryptographicOperations.ZeroMemory(plain);
        return ([(byte)'f', (byte)':', .. mac], [.. mac, .. sealedValue]);
    }

    /// <summary>Decrypts a stored blob and checks it is the value its HMAC names, of this type, in this scope; <see langword="null"/> otherwise.</summary>
    private string? Open(string scope, string hashKey, string type, byte[]? blob)
    {
        if (blob is null || blob.Length <= MacBytes)
        {
            return null;
        }

        byte[] mac = blob[..MacBytes];
        if (!_key.TryDecrypt(blob.AsSpan(MacBytes), AssociatedData(hashKey, mac), out byte[] plain))
        {
            return null;
        }

        try
        {
            string value = Encoding.UTF8.GetString(plain);

            // The value must be the one its field names, of the placeholder's type, in this scope.
            return CryptographicOperations.FixedTimeEquals(ValueMac(scope, type, value), mac) ? value : null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <inheritdoc />
    async ValueTask<string[]> IBatchPseudonymVault.GetOrAddPseudonymsAsync(string scope, IReadOnlyList<(string EntityType, string Value)> entries, CancellationToken cancellationToken)
    {
        Throw.IfNull(scope);
        Throw.IfNull(entries);
        await EnsureServerAsync(cancellationToken).ConfigureAwait(false);
        string hashKey = HashKey(scope);
        var types = new string[entries.Count];
        var args = new RedisValue[1 + (3 * entries.Count)];
        args[0] = _expiryMilliseconds;
        for (int i = 0; i < entries.Count; i++)
        {
            (string entityType, string value) = entries[i];
            Throw.IfNull(entityType);
            Throw.IfNull(value);
            types[i] = PlaceholderSyntax.NormalizeType(entityType);
            (byte[] field, byte[] blob) = Seal(hashKey, scope, types[i], value);
            args[1 + (3 * i)] = field;
            args[2 + (3 * i)] = types[i];
            args[3 + (3 * i)] = blob;
        }

        RedisResult result = await RedisCalls.RunAsync(
            "Issuing pseudonyms",
            () => _connection.GetDatabase().ScriptEvaluateAsync(GetOrAddManyScript, [hashKey], args),
            cancellationToken).ConfigureAwait(false);
        RedisResult[] numbers = (RedisResult[])result!;
        var placeholders = new string[entries.Count];
        for (int i = 0; i < placeholders.Length; i++)
        {
            placeholders[i] = PlaceholderSyntax.Format(types[i], (long)numbers[i]);
        }

        return placeholders;
    }

    /// <inheritdoc />
    async ValueTask<string?[]> IBatchPseudonymVault.GetValuesAsync(string scope, IReadOnlyList<string> pseudonyms, CancellationToken cancellationToken)
    {
        Throw.IfNull(scope);
        Throw.IfNull(pseudonyms);
        var values = new string?[pseudonyms.Count];
        var parsed = new List<(int Index, string Type, long Number)>(pseudonyms.Count);
        for (int i = 0; i < pseudonyms.Count; i++)
        {
            if (TryParse(Throw.IfNull(pseudonyms[i]), out string? type, out long number))
            {
                parsed.Add((i, type, number));
            }
        }

        if (parsed.Count == 0)
        {
            return values;
        }

        await EnsureServerAsync(cancellationToken).ConfigureAwait(false);
        string hashKey = HashKey(scope);
        var args = new RedisValue[1 + (2 * parsed.Count)];
        args[0] = _expiryMilliseconds;
        for (int i = 0; i < parsed.Count; i++)
        {
            args[1 + (2 * i)] = parsed[i].Type;
            args[2 + (2 * i)] = parsed[i].Number;
        }

        RedisResult result = await RedisCalls.RunAsync(
            "Restoring pseudonyms",
            () => _connection.GetDatabase().ScriptEvaluateAsync(GetValuesScript, [hashKey], args),
            cancellationToken).ConfigureAwait(false);
        RedisResult[] blobs = (RedisResult[])result!;
        for (int i = 0; i < parsed.Count; i++)
        {
            values[parsed[i].Index] = blobs[i].IsNull ? null : Open(scope, hashKey, parsed[i].Type, (byte[]?)blobs[i]);
        }

        return values;
    }

    internal string HashKey(string scope)
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

    private static bool TryParse(string placeholder, out string type, out long number)
    {
        type = string.Empty;
        number = 0;
        int underscore = placeholder.LastIndexOf('_');
        if (placeholder.Length < 5 || placeholder[0] != '<' || placeholder[^1] != '>' || underscore < 2
            || !long.TryParse(placeholder.AsSpan(underscore + 1, placeholder.Length - underscore - 2), NumberStyles.None, CultureInfo.InvariantCulture, out number)
            || number < 1)
        {
            return false;
        }

        type = placeholder[1..underscore];
        return string.Equals(PlaceholderSyntax.Format(type, number), placeholder, StringComparison.Ordinal);
    }

    private static byte[] AssociatedData(string hashKey, byte[] mac) => [.. Encoding.UTF8.GetBytes(hashKey), .. mac];

    private byte[] ValueMac(string scope, string type, string value)
    {
        // 'v' + length-prefixed UTF-16 scope, type and value: unambiguous.
        byte[] buffer = new byte[2 + 12 + ((scope.Length + type.Length + value.Length) * 2)];
        Span<byte> span = buffer;
        BinaryPrimitives.WriteUInt16LittleEndian(span, 'v');
        int offset = 2;
        foreach (string part in (ReadOnlySpan<string>)[scope, type, value])
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[offset..], part.Length);
            offset += 4;
            MemoryMarshal.AsBytes(part.AsSpan()).CopyTo(span[offset..]);
            offset += part.Length * 2;
        }

        byte[] mac = new byte[MacBytes];
        _key.Mac(buffer, mac);
        CryptographicOperations.ZeroMemory(buffer);
        return mac;
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
            // A failed check is retried on the next call (the server may have been unreachable for a moment).
            check = RedisCalls.EnsureNoEvictionAsync(_connection, "The Redis pseudonym vault", CancellationToken.None);
            _evictionCheck = check;
        }

        return check.IsCompletedSuccessfully ? Task.CompletedTask : check.WaitAsync(cancellationToken);
    }
}
