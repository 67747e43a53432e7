using System.Collections.Frozen;

namespace Compliant.AI.Text;

/// <summary>
/// Finds sentence and paragraph boundaries. Each boundary is the start of the next segment (after the whitespace
/// that ends the previous one), so the segments tile the range exactly.
/// </summary>
internal static class SentenceSplitter
{
    private static readonly FrozenSet<string> Abbreviations = new[]
    {
        "e.g", "i.e", "etc", "dr", "mr", "mrs", "ms", "prof", "fig", "figs", "al", "vs", "no", "st", "jr", "sr", "inc",
        "ltd", "co", "cf", "approx", "dept", "est", "vol", "p", "pp", "ref", "sec", "art", "u.s", "e.u", "ph.d", "m.d",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> AbbreviationLookup =
        Abbreviations.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Adds to <paramref name="boundaries"/> every segment start strictly inside (start, end).</summary>
    public static void Split(string text, int start, int end, List<int> boundaries)
    {
        int i = start;
        while (i < end)
        {
            char c = text[i];
            if (c == '\n')
            {
                // Paragraph break (blank line) or a Markdown block start (list item, table row, quote) on the next line.
                int j = i + 1;
                bool blank = false;
                while (j < end && text[j] is ' ' or '\t' or '\r' or '\n')
                {
                    if (text[j] == '\n')
                    {
                        blank = true;
                    }

                    j++;
                }

                if (j < end && j > start && (blank || StartsBlock(text, j, end)))
                {
                    boundaries.Add(j);
                }

                i = j;
                continue;
            }

            if (c is '.' or '!' or '?' or '\u3002' or '\uFF01' or '\uFF1F')
            {
                int j = i + 1;
                while (j < end && text[j] is '"' or '\'' or ')' or ']' or '\u2019' or '\u201D')
                {
                    j++;
                }

                int k = j;
                while (k < end && text[k] is ' ' or '\t' or '\r')
                {
                    k++;
                }

                bool cjk = c is '\u3002' or '\uFF01' or '\uFF1F';
                if (k < end && (k > j || cjk) && text[k] != '\n' && StartsSentence(text[k]) && !(c == '.' && IsAbbreviation(text, start, i)))
                {
                    boundaries.Add(k);
                    i = k;
                    continue;
                }

                i = j;
                continue;
            }

            i++;
        }
    }

    private static bool StartsSentence(char c) =>
        char.IsUpper(c) || char.IsDigit(c) || c is '"' or '\'' or '(' or '[' or '\u201C' or '\u2018' or '*' or '_' || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.OtherLetter;

    private static bool StartsBlock(string text, int j, int end)
    {
        char c = text[j];
        if (c is '|' or '>' or '#')
        {
            return true;
        }

        if (c is '-' or '*' or '+')
        {
            return j + 1 < end && text[j + 1] == ' ';
        }

        int k = j;
        while (k < end && char.IsAsciiDigit(text[k]))
        {
            k++;
        }

        return k > j && k + 1 < end && text[k] is '.' or ')' && text[k + 1] == ' ';
    }

    private static bool IsAbbreviation(string text, int start, int dot)
    {
        int w = dot;
        while (w > start && (char.IsLetter(text[w - 1]) || text[w - 1] == '.'))
        {
            w--;
        }

        ReadOnlySpan<char> word = text.AsSpan(w, dot - w);
        if (word.IsEmpty)
        {
            return false;
        }

        // A single capital letter is an initial ("J. Smith").
        if (word.Length == 1 && char.IsUpper(word[0]))
        {
            return true;
        }

        return AbbreviationLookup.Contains(word);
    }
}
