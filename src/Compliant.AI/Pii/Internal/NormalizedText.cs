using System.Buffers;

namespace Compliant.AI.Pii.Internal;

/// <summary>
/// The text recognizers scan: zero-width and format characters removed, odd spaces folded to a space, Unicode dashes
/// to '-', full-width ASCII forms to ASCII; with a map from each normalized index back to the original index.
/// </summary>
/// <remarks>Built in one linear pass; when the text has nothing to fold, the original string is used and no map is allocated.</remarks>
internal sealed class NormalizedText
{
    private static readonly SearchValues<char> Suspicious = SearchValues.Create(
        "\u00A0\u00AD\u1680\u180E\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u200B\u200C\u200D\u200E\u200F" +
        "\u2010\u2011\u2012\u2013\u2014\u2015\u2028\u2029\u202F\u205F\u2060\u2061\u2062\u2063\u2064\u2212\u3000\uFEFF\uFE63\uFF0D");

    private readonly int[]? _map;

    private NormalizedText(string original, string text, int[]? map)
    {
        Original = original;
        Text = text;
        _map = map;
    }

    public string Original { get; }

    public string Text { get; }

    public static NormalizedText Create(string original, bool normalize)
    {
        if (!normalize || !NeedsNormalization(original))
        {
            return new NormalizedText(original, original, null);
        }

        char[] buffer = ArrayPool<char>.Shared.Rent(original.Length);
        int[] map = new int[original.Length + 1];
        int n = 0;
        try
        {
            for (int i = 0; i < original.Length; i++)
            {
                char c = original[i];
                char folded = Fold(c);
                if (folded == '\0')
                {
                    continue;
                }

                buffer[n] = folded;
                map[n] = i;
                n++;
            }

            map[n] = original.Length;
            return new NormalizedText(original, new string(buffer, 0, n), map);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>Maps a span of the normalized text back to the original text.</summary>
    public (int Start, int End) ToOriginal(int start, int end)
    {
        if (_map is null)
        {
            return (start, end);
        }

        int s = _map[start];
        int e = end > start ? _map[end - 1] + 1 : s;
        return (s, e);
    }

    private static bool NeedsNormalization(string text) =>
        text.AsSpan().IndexOfAny(Suspicious) >= 0 || text.AsSpan().IndexOfAnyInRange('\uFF01', '\uFF5E') >= 0 || text.Contains('\0', StringComparison.Ordinal);

    /// <summary>Returns the folded character, or '\0' to drop it.</summary>
    private static char Fold(char c)
    {
        if (c < '\u00A0')
        {
            return c == '\0' ? ' ' : c;
        }

        if (c >= '\uFF01' && c <= '\uFF5E')
        {
            return (char)(c - 0xFEE0); // full-width ASCII forms
        }

        return c switch
        {
            '\u00AD' or '\u180E' or '\u200B' or '\u200C' or '\u200D' or '\u200E' or '\u200F' or '\u2060' or '\u2061' or '\u2062' or '\u2063' or '\u2064' or '\uFEFF' => '\0',
            '\u00A0' or '\u1680' or (>= '\u2000' and <= '\u200A') or '\u202F' or '\u205F' or '\u3000' => ' ',
            '\u2028' or '\u2029' => '\n',
            (>= '\u2010' and <= '\u2015') or '\u2212' or '\uFE63' or '\uFF0D' => '-',
            _ => c,
        };
    }
}
