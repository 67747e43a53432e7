using System.Text;
using System.Text.Json;

namespace Compliant.AI.PiiRedaction.Internal;

/// <summary>Recognizes and decodes text attachments (<see cref="Microsoft.Extensions.AI.DataContent"/> a user may upload: plain text, CSV, JSON, XML, YAML).</summary>
internal static class TextAttachment
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool IsText(string? mediaType)
    {
        if (string.IsNullOrEmpty(mediaType))
        {
            return false;
        }

        ReadOnlySpan<char> type = Essence(mediaType);
        return type.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            || IsJson(mediaType)
            || type.Equals("application/xml", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("+xml", StringComparison.OrdinalIgnoreCase)
            || type.Equals("application/x-ndjson", StringComparison.OrdinalIgnoreCase)
            || type.Equals("application/yaml", StringComparison.OrdinalIgnoreCase)
            || type.Equals("application/x-yaml", StringComparison.OrdinalIgnoreCase)
            || type.Equals("application/csv", StringComparison.OrdinalIgnoreCase);
    }

    public static bool IsJson(string? mediaType)
    {
        if (string.IsNullOrEmpty(mediaType))
        {
            return false;
        }

        ReadOnlySpan<char> type = Essence(mediaType);
        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Decodes UTF-8 (a byte order mark is dropped); bytes that are not UTF-8 give a <see cref="PiiRedactionException"/>.</summary>
    public static string Decode(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            data = data[3..];
        }

        try
        {
            return StrictUtf8.GetString(data);
        }
        catch (DecoderFallbackException)
        {
            throw new PiiRedactionException("A text attachment is not valid UTF-8, so it cannot be redacted; the request was not sent.");
        }
    }

    public static bool TryParseJson(string text, out JsonElement document)
    {
        try
        {
            using JsonDocument parsed = JsonDocument.Parse(text);
            document = parsed.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            document = default;
            return false;
        }
    }

    private static ReadOnlySpan<char> Essence(string mediaType)
    {
        int semicolon = mediaType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? mediaType.AsSpan() : mediaType.AsSpan(0, semicolon)).Trim();
    }
}
