using System.Buffers;
using System.Security.Cryptography;
using Compliant.AI.Internal;

namespace Compliant.AI;

/// <summary>A named secret key for the audit trail: it keys the ledger's MAC chain and the message digests in records.</summary>
/// <remarks>
/// <para>
/// The key never lives in the ledger. It comes from configuration or, by default, from the environment variable
/// <see cref="DefaultEnvironmentVariable"/> holding at least 32 random bytes in base64. Each ledger line names the
/// <see cref="KeyId"/> it was written with, so keys can rotate: verification is given every key id still needed.
/// </para>
/// <para>Instances are immutable and thread-safe. <see cref="ToString"/> never prints the key.</para>
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "A key lives as long as the application; its per-thread HMAC states hold no resources beyond memory.")]
public sealed class AuditKey
{
    /// <summary>The environment variable read by <see cref="FromEnvironment"/> by default.</summary>
    public const string DefaultEnvironmentVariable = "COMPLIANT_AUDIT_KEY";

    /// <summary>The smallest accepted key size in bytes.</summary>
    public const int MinimumKeyBytes = 32;

    private readonly byte[] _key;
    private readonly ThreadLocal<IncrementalHash> _digestHmac;

    /// <summary>Initializes a new instance of the <see cref="AuditKey"/> class.</summary>
    /// <param name="keyId">A short, non-secret name for the key, for example <c>2026-11</c>.</param>
    /// <param name="key">The secret; at least <see cref="MinimumKeyBytes"/> bytes. It is copied.</param>
    /// <exception cref="ArgumentException">The key id is empty or contains characters other than letters, digits, <c>-</c>, <c>_</c>, <c>.</c>; or the key is too short.</exception>
    public AuditKey(string keyId, ReadOnlySpan<byte> key)
    {
        Throw.IfNullOrWhitespace(keyId);
        if (keyId.Length > 64 || !keyId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException("The audit key id must be 1-64 characters of letters, digits, '-', '_' or '.'.", nameof(keyId));
        }

        if (key.Length < MinimumKeyBytes)
        {
            throw new ArgumentException($"The audit key must be at least {MinimumKeyBytes} bytes.", nameof(key));
        }

        KeyId = keyId;
        _key = key.ToArray();
        _digestHmac = new ThreadLocal<IncrementalHash>(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key));
    }

    /// <summary>Gets the non-secret key id recorded with every ledger line.</summary>
    public string KeyId { get; }

    /// <summary>Creates a key from base64 text.</summary>
    /// <param name="keyId">The key id.</param>
    /// <param name="base64">The secret in base64.</param>
    /// <returns>The key.</returns>
    /// <exception cref="FormatException">The text is not valid base64. The message does not include the text.</exception>
    public static AuditKey FromBase64(string keyId, string base64)
    {
        Throw.IfNullOrWhitespace(base64);
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new FormatException("The audit key is not valid base64.");
        }

        try
        {
            return new AuditKey(keyId, bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Reads a base64 key from an environment variable.</summary>
    /// <param name="keyId">The key id.</param>
    /// <param name="variable">The variable name.</param>
    /// <returns>The key.</returns>
    /// <exception cref="InvalidOperationException">The variable is not set.</exception>
    public static AuditKey FromEnvironment(string keyId, string variable = DefaultEnvironmentVariable)
    {
        Throw.IfNullOrWhitespace(variable);
        string? value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException($"The audit key environment variable '{variable}' is not set. Set it to at least {MinimumKeyBytes} random bytes in base64.");
        }

        return FromBase64(keyId, value);
    }

    /// <summary>Computes HMAC-SHA256 of <paramref name="data"/> with this key.</summary>
    /// <param name="data">The bytes to authenticate.</param>
    /// <param name="destination">Receives the 32-byte MAC.</param>
    /// <returns>The number of bytes written (32).</returns>
    public int ComputeMac(ReadOnlySpan<byte> data, Span<byte> destination) => HMACSHA256.HashData(_key, data, destination);

    /// <summary>Computes the base64 HMAC-SHA256 digest of a text's UTF-8 bytes, as stored in <see cref="AuditMessageSummary.Digest"/>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The base64 digest.</returns>
    public string DigestText(string text)
    {
        Throw.IfNull(text);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        int max = System.Text.Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = max > 1024 ? ArrayPool<byte>.Shared.Rent(max) : null;
        Span<byte> utf8 = rented ?? stackalloc byte[1024];
        try
        {
            int written = System.Text.Encoding.UTF8.GetBytes(text, utf8);

            // A per-thread keyed HMAC is reset and reused: creating one per call costs more than hashing a 4 KB prompt.
            IncrementalHash hmac = _digestHmac.Value!;
            hmac.AppendData(utf8[..written]);
            hmac.GetHashAndReset(mac);
        }
        finally
        {
            if (rented is not null)
            {
                CryptographicOperations.ZeroMemory(rented.AsSpan(0, max));
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        return Convert.ToBase64String(mac);
    }

    /// <summary>Creates an incremental HMAC-SHA256 keyed with this key, for digesting text that arrives in pieces.</summary>
    /// <returns>A new incremental hash; the caller disposes it.</returns>
    internal IncrementalHash CreateIncrementalMac() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);

    /// <inheritdoc />
    public override string ToString() => $"AuditKey({KeyId})";
}
