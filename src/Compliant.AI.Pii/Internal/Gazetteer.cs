using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Compliant.AI.Pii.Internal;

/// <summary>
/// The embedded word lists: given names, surnames, non-name words and place names. The hand-authored lists are
/// merged with the generated ones (<c>generated-*.txt</c>, from Bogus's multi-locale data; see eng/gazetteer).
/// Lookups fold case and Latin diacritics.
/// </summary>
internal static class Gazetteer
{
    private static readonly Lazy<WordSet> GivenNames = new(() => LoadWords("given-names.txt", "generated-given-names.txt"));
    private static readonly Lazy<WordSet> Surnames = new(() => LoadWords("surnames.txt", "generated-surnames.txt"));
    private static readonly Lazy<WordSet> NotNames = new(() => LoadWords("not-names.txt"));
    private static readonly Lazy<WordSet> StreetWords = new(() => LoadWords("generated-street-words.txt"));
    private static readonly Lazy<WordSet> Places = new(() => LoadLines("places.txt", "generated-places.txt"));

    public static bool IsGivenName(ReadOnlySpan<char> word) => Contains(GivenNames.Value, word);

    public static bool IsSurname(ReadOnlySpan<char> word) => Contains(Surnames.Value, word);

    public static bool IsNotName(ReadOnlySpan<char> word) => Contains(NotNames.Value, word);

    /// <summary>English street-type words ("Street", "Squares", "Gateway").</summary>
    public static bool IsStreetWord(ReadOnlySpan<char> word) => Contains(StreetWords.Value, word);

    public static bool IsPlace(string phrase) => IsPlace(phrase.AsSpan());

    /// <summary>Whether the phrase (words separated by single spaces) is a known place.</summary>
    public static bool IsPlace(ReadOnlySpan<char> phrase) => phrase.Length <= 64 && Contains(Places.Value, phrase);

    private static bool Contains(WordSet set, ReadOnlySpan<char> word)
    {
        if (word.Length is 0 or > 64)
        {
            return false;
        }

        if (Ascii.IsValid(word))
        {
            return set.Ascii.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);
        }

        Span<char> buffer = stackalloc char[word.Length];
        ReadOnlySpan<char> folded = Fold(word, buffer);
        return Ascii.IsValid(folded)
            ? set.Ascii.GetAlternateLookup<ReadOnlySpan<char>>().Contains(folded)
            : set.Other.GetAlternateLookup<ReadOnlySpan<char>>().Contains(folded);
    }

    /// <summary>
    /// Folded entries split by script: the ASCII ones in a set the runtime can specialise for ASCII case-insensitive
    /// look-ups (most words, once Latin diacritics are folded), the rest (Greek, Cyrillic, ...) in a general one.
    /// </summary>
    private sealed record WordSet(FrozenSet<string> Ascii, FrozenSet<string> Other)
    {
        public static WordSet Create(IEnumerable<string> folded)
        {
            var all = folded.ToHashSet(StringComparer.OrdinalIgnoreCase);
            return new WordSet(
                all.Where(static w => System.Text.Ascii.IsValid(w)).ToFrozenSet(StringComparer.OrdinalIgnoreCase),
                all.Where(static w => !System.Text.Ascii.IsValid(w)).ToFrozenSet(StringComparer.OrdinalIgnoreCase));
        }
    }

    /// <summary>
    /// Base letters for U+0000–U+1FFF (Latin, Greek, Cyrillic, Latin Extended Additional, ...): what <see cref="Fold(string)"/>
    /// gives for one character, computed once, so look-ups fold without Unicode normalization or allocation.
    /// A character outside the table is kept as is.
    /// </summary>
    private static readonly char[] FoldTable = BuildFoldTable();

    private static char[] BuildFoldTable()
    {
        var table = new char[0x2000];
        for (int c = 0; c < table.Length; c++)
        {
            string folded = Fold(((char)c).ToString());
            table[c] = folded.Length == 1 ? folded[0] : (char)c;
        }

        return table;
    }

    /// <summary>Folds <paramref name="word"/> into <paramref name="buffer"/> (same length) with <see cref="FoldTable"/>.</summary>
    private static ReadOnlySpan<char> Fold(ReadOnlySpan<char> word, Span<char> buffer)
    {
        for (int i = 0; i < word.Length; i++)
        {
            char c = word[i];
            buffer[i] = c < FoldTable.Length ? FoldTable[c] : c is '\u2019' or '\u2018' ? '\'' : c;
        }

        return buffer[..word.Length];
    }

    /// <summary>Removes Latin diacritics ("Krisztián" → "Krisztian") and apostrophe variants.</summary>
    public static string Fold(string value)
    {
        if (Ascii.IsValid(value))
        {
            return value;
        }

        string decomposed = value.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (char c in decomposed)
        {
            UnicodeCategory cat = CharUnicodeInfo.GetUnicodeCategory(c);
            if (cat == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            sb.Append(c switch { '\u2019' or '\u2018' => '\'', 'ø' => 'o', 'Ø' => 'O', 'ł' => 'l', 'Ł' => 'L', 'ß' => 's', 'æ' => 'a', 'Æ' => 'A', 'đ' => 'd', 'Đ' => 'D', _ => c });
        }

        return sb.ToString();
    }

    private static WordSet LoadWords(params string[] names)
    {
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in names.SelectMany(ReadLines))
        {
            foreach (string word in line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                set.Add(Fold(word));
            }
        }

        return WordSet.Create(set);
    }

    private static WordSet LoadLines(params string[] names) => WordSet.Create(names.SelectMany(ReadLines).Select(Fold));

    private static List<string> ReadLines(string name)
    {
        using Stream stream = typeof(Gazetteer).Assembly.GetManifestResourceStream("Compliant.AI.Pii.Resources." + name)
            ?? throw new InvalidOperationException("Missing embedded resource " + name);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            int hash = line.IndexOf('#', StringComparison.Ordinal);
            string content = (hash >= 0 ? line[..hash] : line).Trim();
            if (content.Length > 0)
            {
                lines.Add(content);
            }
        }

        return lines;
    }
}
