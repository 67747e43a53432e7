using System.Text.Json;

namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>Checks that JSON text decodes to valid Unicode: no unpaired UTF-16 surrogates, raw or escaped.</summary>
/// <remarks>
/// JSON's grammar accepts an escape such as <c>"\udc00"</c>, but the string it denotes is not valid Unicode and
/// System.Text.Json refuses to read it (<see cref="InvalidOperationException"/>). Such text is treated as invalid JSON
/// (RFC 8259 section 8.2, I-JSON) before any value is read.
/// </remarks>
internal static class JsonText
{
    private static readonly System.Text.UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Encodes <paramref name="text"/> as UTF-8, failing on an unpaired surrogate instead of replacing it.</summary>
    public static bool TryGetUtf8(string text, out byte[] utf8)
    {
        try
        {
            utf8 = new byte[Strict.GetByteCount(text)];
        }
        catch (System.Text.EncoderFallbackException)
        {
            utf8 = [];
            return false;
        }

        Strict.GetBytes(text, utf8);
        return true;
    }

    /// <summary>Returns whether well-formed JSON text escapes a UTF-16 surrogate that is not part of a pair (<c>"\ud800"</c>, <c>"\udc00x"</c>).</summary>
    public static bool HasLoneSurrogateEscape(ReadOnlySpan<byte> json)
    {
        int i = 0;
        while (true)
        {
            int next = json[i..].IndexOf((byte)'\\');
            if (next < 0)
            {
                return false;
            }

            i += next;
            if (i + 1 >= json.Length)
            {
                return false;
            }

            if (json[i + 1] != (byte)'u' || i + 6 > json.Length)
            {
                i += 2; // \" \\ \/ \b \f \n \r \t
                continue;
            }

            int unit = Hex4(json.Slice(i + 2, 4));
            if (unit is >= 0xD800 and <= 0xDBFF)
            {
                if (i + 12 <= json.Length && json[i + 6] == (byte)'\\' && json[i + 7] == (byte)'u' && Hex4(json.Slice(i + 8, 4)) is >= 0xDC00 and <= 0xDFFF)
                {
                    i += 12;
                    continue;
                }

                return true;
            }

            if (unit is >= 0xDC00 and <= 0xDFFF)
            {
                return true;
            }

            i += 6;
        }
    }

    /// <summary>Returns whether an element (from any document) escapes an unpaired surrogate.</summary>
    public static bool HasLoneSurrogateEscape(JsonElement element) =>
        HasLoneSurrogateEscape(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element));

    private static int Hex4(ReadOnlySpan<byte> hex)
    {
        int value = 0;
        foreach (byte b in hex)
        {
            int digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return -1;
            }

            value = (value << 4) | digit;
        }

        return value;
    }
}
