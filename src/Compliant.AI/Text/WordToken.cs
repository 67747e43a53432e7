namespace Compliant.AI.Text;

/// <summary>
/// A run of letters (with inner apostrophes and hyphens) in the text; <see cref="Initial"/> when it is one upper-case
/// letter followed by '.'. The PII recognizers' tokens: case is kept, digits split words, nothing is stemmed.
/// </summary>
internal readonly record struct WordToken(int Start, int End, bool Capitalized, bool AllCaps, bool Initial)
{
    public int Length => End - Start;

    /// <summary>Splits <paramref name="text"/> into word tokens in one pass.</summary>
    internal static List<WordToken> Scan(string text)
    {
        var tokens = new List<WordToken>(text.Length / 8);
        int i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetter(text[i]))
            {
                i++;
                continue;
            }

            int start = i;
            bool hasLower = false, hasUpper = false;
            while (i < text.Length)
            {
                char c = text[i];
                if (char.IsLetter(c))
                {
                    hasLower |= char.IsLower(c);
                    hasUpper |= char.IsUpper(c);
                    i++;
                }
                else if ((c is '\'' or '\u2019' or '-') && i + 1 < text.Length && char.IsLetter(text[i + 1]) && i > start)
                {
                    i++;
                }
                else
                {
                    break;
                }
            }

            int end = i;
            int letters = end - start;
            bool cap = char.IsUpper(text[start]);
            bool initial = end - start == 1 && cap && end < text.Length && text[end] == '.';
            if (initial)
            {
                end++;
                i++;
            }

            tokens.Add(new WordToken(start, end, cap, hasUpper && !hasLower && letters > 1, initial));
        }

        return tokens;
    }

    /// <summary>The token's word without a trailing possessive ('s) or initial's '.'.</summary>
    public ReadOnlySpan<char> Word(string text)
    {
        ReadOnlySpan<char> w = text.AsSpan(Start, Length);
        if (w.Length > 2 && w[^1] is 's' && w[^2] is '\'' or '\u2019')
        {
            w = w[..^2];
        }

        return w.TrimEnd('.');
    }

    /// <summary>Whether only spaces (at most <paramref name="max"/>, optionally after one '.') separate the two tokens.</summary>
    public static bool SpaceBetween(string text, WordToken a, WordToken b, int max = 2)
    {
        int gap = b.Start - a.End;
        if (gap < 1 || gap > max + 1)
        {
            return false;
        }

        for (int k = a.End; k < b.Start; k++)
        {
            if (text[k] != ' ' && !(text[k] == '.' && k == a.End && a.Length <= 3))
            {
                return false;
            }
        }

        return true;
    }
}
