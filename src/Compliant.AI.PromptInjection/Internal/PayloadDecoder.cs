using System.Buffers;
using System.Text.Unicode;
using System.Text;
using System.Text.RegularExpressions;

namespace Compliant.AI.PromptInjection.Internal;

/// <summary>Finds base64, hexadecimal and percent-encoded payloads in text and decodes those that decode to readable text.</summary>
/// <remarks>At most <see cref="MaxPayloads"/> payloads per text; a payload that decodes to binary is ignored. Linear in the text length.</remarks>
internal static partial class PayloadDecoder
{
    public const int MaxPayloads = 8;

    private const int MinBase64Run = 16;
    private const int MinHexRun = 16;

    private static readonly bool[] Base64Alphabet = AsciiSet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-");

    private static readonly bool[] HexCharacters = AsciiSet("0123456789ABCDEFabcdef \\:xX");

    public static void Decode(string text, List<DecodedPayload> payloads)
    {
        // One scalar pass finds the base64 runs (maximal runs of the alphabet, at least 16 characters, and up to two '='
        // after them: what [A-Za-z0-9+/_-]{16,}={0,2} matches) and whether any run of at least 16 characters of hex
        // digits, spaces, colons, backslashes and 'x' exists, without which the hexadecimal expression cannot match.
        ReadOnlySpan<char> span = text;
        List<Range>? base64Runs = null;
        bool hexCandidate = false;
        int base64Start = -1;
        int hexStart = -1;
        for (int i = 0; i <= span.Length; i++)
        {
            char c = i < span.Length ? span[i] : '\0';
            if (c < 128 && Base64Alphabet[c])
            {
                if (base64Start < 0)
                {
                    base64Start = i;
                }
            }
            else if (base64Start >= 0)
            {
                if (i - base64Start >= MinBase64Run)
                {
                    int end = i;
                    while (end < span.Length && end - i < 2 && span[end] == '=')
                    {
                        end++;
                    }

                    (base64Runs ??= []).Add(new Range(base64Start, end));
                }

                base64Start = -1;
            }

            if (c < 128 && HexCharacters[c])
            {
                if (hexStart < 0)
                {
                    hexStart = i;
                }
            }
            else if (hexStart >= 0)
            {
                hexCandidate |= i - hexStart >= MinHexRun;
                hexStart = -1;
            }
        }

        foreach (Range run in base64Runs ?? [])
        {
            if (payloads.Count >= MaxPayloads)
            {
                return;
            }

            if (TryBase64(span[run]) is { } decoded)
            {
                payloads.Add(new DecodedPayload(PromptInjectionSignals.EncodedBase64, decoded));
            }
        }

        if (hexCandidate)
        {
            foreach (ValueMatch m in HexRun().EnumerateMatches(text))
            {
                if (payloads.Count >= MaxPayloads)
                {
                    return;
                }

                if (TryHex(text.AsSpan(m.Index, m.Length)) is { } decoded)
                {
                    payloads.Add(new DecodedPayload(PromptInjectionSignals.EncodedHex, decoded));
                }
            }
        }

        if (text.Contains('%', StringComparison.Ordinal))
        {
            foreach (ValueMatch m in PercentRun().EnumerateMatches(text))
            {
                if (payloads.Count >= MaxPayloads)
                {
                    return;
                }

                string run = text.Substring(m.Index, m.Length).Replace('+', ' ');
                string decoded;
                try
                {
                    decoded = Uri.UnescapeDataString(run);
                }
                catch (UriFormatException)
                {
                    continue;
                }

                if (Readable(decoded))
                {
                    payloads.Add(new DecodedPayload(PromptInjectionSignals.EncodedUrl, decoded));
                }
            }
        }
    }

    private static bool[] AsciiSet(string characters)
    {
        var set = new bool[128];
        foreach (char c in characters)
        {
            set[c] = true;
        }

        return set;
    }

    private static string? TryBase64(ReadOnlySpan<char> run)
    {
        // Both alphabets; padding optional.
        Span<char> buffer = run.Length <= 1024 ? stackalloc char[run.Length + 3] : new char[run.Length + 3];
        int n = 0;
        foreach (char c in run)
        {
            buffer[n++] = c switch { '-' => '+', '_' => '/', _ => c };
        }

        while (n > 0 && buffer[n - 1] == '=')
        {
            n--;
        }

        if (n % 4 == 1)
        {
            return null;
        }

        while (n % 4 != 0)
        {
            buffer[n++] = '=';
        }

        byte[] bytes = ArrayPool<byte>.Shared.Rent(n);
        try
        {
            if (!Convert.TryFromBase64Chars(buffer[..n], bytes, out int written))
            {
                return null;
            }

            return DecodeUtf8(bytes.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static string? TryHex(ReadOnlySpan<char> run)
    {
        var digits = new StringBuilder(run.Length);
        for (int i = 0; i < run.Length; i++)
        {
            char c = run[i];
            if (c == '\\' && i + 1 < run.Length && run[i + 1] is 'x' or 'X')
            {
                i++;
                continue;
            }

            if (char.IsAsciiHexDigit(c))
            {
                digits.Append(c);
            }
        }

        if (digits.Length % 2 != 0)
        {
            digits.Length--;
        }

        try
        {
            return DecodeUtf8(Convert.FromHexString(digits.ToString()));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string? DecodeUtf8(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8 || !Utf8.IsValid(bytes))
        {
            return null;
        }

        string text = Encoding.UTF8.GetString(bytes);
        return Readable(text) ? text : null;
    }

    private static bool Readable(string text)
    {
        int letters = 0;
        int printable = 0;
        foreach (char c in text)
        {
            if (char.IsLetter(c))
            {
                letters++;
            }

            if (!char.IsControl(c) || c is '\n' or '\r' or '\t')
            {
                printable++;
            }
        }

        return text.Length > 0 && printable >= text.Length * 0.95 && letters >= text.Length * 0.5;
    }

    [GeneratedRegex(@"(?:\\[xX][0-9A-Fa-f]{2}){8,}|(?:[0-9A-Fa-f]{2}[ :]?){8,}", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex HexRun();

    [GeneratedRegex(@"(?:[^\s%]{0,12}%[0-9A-Fa-f]{2}){3,}[^\s%]{0,12}", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex PercentRun();
}
