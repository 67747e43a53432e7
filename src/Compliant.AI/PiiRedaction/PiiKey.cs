using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Compliant.AI.Internal;

namespace Compliant.AI;

/// <summary>The secret key the PII operators and the distributed vault use for keyed hashes (HMAC-SHA256) and encryption (AES-256-GCM).</summary>
/// <remarks>
/// <para>
/// The key comes from configuration or, by default, from the environment variable <see cref="DefaultEnvironmentVariable"/>
/// holding at least 32 random bytes in base64. Separate sub-keys are derived for hashing and for encryption.
/// </para>
/// <para>Instances are immutable and thread-safe. <see cref="ToString"/> never prints the key.</para>
/// </remarks>
public sealed class PiiKey
{
    /// <summary>The environment variable read by <see cref="FromEnvironment"/> by default.</summary>
    public const string DefaultEnvironmentVariable = "COMPLIANT_PII_KEY";

    /// <summary>The smallest accepted key size in bytes.</summary>
    public const int MinimumKeyBytes = 32;

    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly byte[] _macKey;
    private readonly byte[] _encryptionKey;

    /// <summary>Initializes a new instance of the <see cref="PiiKey"/> class.</summary>
    /// <param name="key">The secret; at least <see cref="MinimumKeyBytes"/> bytes. It is not kept: sub-keys are derived from it.</param>
    /// <exception cref="ArgumentException">The key is too short.</exception>
    public PiiKey(ReadOnlySpan<byte> key)
    {
        if (key.Length < MinimumKeyBytes)
        {
            throw new ArgumentException($"The PII key must be at least {MinimumKeyBytes} bytes.", nameof(key));
        }

        _macKey = HMACSHA256.HashData(key, "compliant-ai/pii/mac"u8);
        _encryptionKey = HMACSHA256.HashData(key, "compliant-ai/pii/aes-gcm"u8);
    }

    /// <summary>Creates a key from base64 text.</summary>
    /// <param name="base64">The secret in base64.</param>
    /// <returns>The key.</returns>
    /// <exception cref="FormatException">The text is not valid base64. The message does not include the text.</exception>
    public static PiiKey FromBase64(string base64)
    {
        Throw.IfNullOrWhitespace(base64);
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new FormatException("The PII key is not valid base64.");
        }

        try
        {
            return new PiiKey(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Reads a base64 key from an environment variable.</summary>
    /// <param name="variable">The variable name.</param>
    /// <returns>The key.</returns>
    /// <exception cref="InvalidOperationException">The variable is not set.</exception>
    public static PiiKey FromEnvironment(string variable = DefaultEnvironmentVariable)
    {
        Throw.IfNullOrWhitespace(variable);
        string? value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException($"The PII key environment variable '{variable}' is not set. Set it to at least {MinimumKeyBytes} random bytes in base64.");
        }

        return FromBase64(value);
    }

    /// <summary>Creates a random key that lives only in this process (for tests and one-off batch runs).</summary>
    /// <returns>The key.</returns>
    public static PiiKey CreateRandom()
    {
        Span<byte> bytes = stackalloc byte[MinimumKeyBytes];
        RandomNumberGenerator.Fill(bytes);
        var key = new PiiKey(bytes);
        CryptographicOperations.ZeroMemory(bytes);
        return key;
    }

    /// <inheritdoc />
    public override string ToString() => "PiiKey(***)";

    internal void Mac(ReadOnlySpan<byte> data, Span<byte> destination) => HMACSHA256.HashData(_macKey, data, destination);

    internal string MacToBase64Url(string text)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Mac(Encoding.UTF8.GetBytes(text), mac);
        return Base64Url.EncodeToString(mac);
    }

    internal byte[] Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        byte[] output = new byte[NonceBytes + plaintext.Length + TagBytes];
        Span<byte> nonce = output.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_encryptionKey, TagBytes);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceBytes, plaintext.Length), output.AsSpan(NonceBytes + plaintext.Length), associatedData);
        return output;
    }

    internal bool TryDecrypt(ReadOnlySpan<byte> sealedData, ReadOnlySpan<byte> associatedData, out byte[] plaintext)
    {
        plaintext = [];
        if (sealedData.Length < NonceBytes + TagBytes)
        {
            return false;
        }

        int length = sealedData.Length - NonceBytes - TagBytes;
        byte[] output = new byte[length];
        try
        {
            using var aes = new AesGcm(_encryptionKey, TagBytes);
            aes.Decrypt(sealedData[..NonceBytes], sealedData.Slice(NonceBytes, length), sealedData[(NonceBytes + length)..], output, associatedData);
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }

        plaintext = output;
        return true;
    }
}
