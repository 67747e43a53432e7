using System.Globalization;
using System.Text;

namespace Compliant.AI.PiiRedaction.Internal;

/// <summary>The placeholder grammar <c>&lt;TYPE_N&gt;</c>: TYPE is <c>[A-Z][A-Z0-9_]*</c>, N is a positive number without leading zeros.</summary>
internal static class PlaceholderSyntax
{
    /// <summary>The longest placeholder recognized; also the most text the streaming restorer ever holds back.</summary>
    public const int MaxLength = 64;

    private const int MaxTypeLength = 40;

    public enum Match
    {
        None,
        Prefix,
        Full,
    }

    public static string NormalizeType(string entityType)
    {
        var sb = new StringBuilder(Math.Min(entityType.Length, MaxTypeLength) + 1);
        foreach (char c in entityType)
        {
            if (sb.Length >= MaxTypeLength)
            {
                break;
            }

            char u = char.ToUpperInvariant(c);
            sb.Append(char.IsAsciiLetterUpper(u) || char.IsAsciiDigit(u) ? u : '_');
        }

        if (sb.Length == 0 || !char.IsAsciiLetterUpper(sb[0]))
        {
            sb.Insert(0, 'X');
        }

        return sb.ToString();
    }

    public static string Format(string normalizedType, long number) =>
        string.Create(CultureInfo.InvariantCulture, $"<{normalizedType}_{number}>");

    /// <summary>Classifies the text at <paramref name="start"/> (which holds <c>&lt;</c>).</summary>
    /// <returns><see cref="Match.Full"/> with the length of a complete placeholder; <see cref="Match.Prefix"/> when the text
    /// ends inside something that may still become one; else <see cref="Match.None"/>.</returns>
    public static Match MatchAt(ReadOnlySpan<char> text, int start, out int length)
    {
        length = 0;
        int j = start + 1;
        if (j >= text.Length)
        {
            return Match.Prefix;
        }

        if (!char.IsAsciiLetterUpper(text[j]))
        {
            return Match.None;
        }

        while (j < text.Length)
        {
            char c = text[j];
            if (j - start + 1 > MaxLength)
            {
                return Match.None;
            }

            if (c == '>')
            {
                if (IsValidBody(text[(start + 1)..j]))
                {
                    length = j - start + 1;
                    return Match.Full;
                }

                return Match.None;
            }

            if (!(char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return Match.None;
            }

            j++;
        }

        // The text ended before '>' and within the length bound: a later chunk may complete it.
        return j - start + 1 > MaxLength ? Match.None : Match.Prefix;
    }

    private static bool IsValidBody(ReadOnlySpan<char> body)
    {
        int underscore = body.LastIndexOf('_');
        if (underscore < 1 || underscore == body.Length - 1)
        {
            return false;
        }

        ReadOnlySpan<char> digits = body[(underscore + 1)..];
        if (digits[0] == '0' || digits.Length > 9)
        {
            return false;
        }

        foreach (char c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
