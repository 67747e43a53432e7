namespace Compliant.AI.Pii.Internal;

/// <summary>
/// Citations of laws and regulations ("45 CFR Part 164", "65 FR 82802", "42 U.S.C. 1320d", "§ 164"): numbers that
/// look like house numbers or ZIP codes but follow a reporter or division word.
/// </summary>
internal static class LegalCitations
{
    private static readonly HashSet<string> CitationWords = new(StringComparer.Ordinal)
    {
        "CFR", "C.F.R", "FR", "Fed", "Reg", "USC", "U.S.C", "U.S", "Stat", "Pub", "Part", "Parts", "Subpart", "Section", "Sec", "Title", "Chapter", "Article", "Art", "Paragraph", "Appendix", "Table", "Figure", "Fig", "Exhibit", "Page",
    };

    /// <summary>Whether the word right before <paramref name="index"/> is a citation word ("FR 82802", "§ 164").</summary>
    public static bool IsAfterCitationWord(string text, int index)
    {
        int k = index - 1;
        while (k >= 0 && text[k] == ' ')
        {
            k--;
        }

        if (k >= 0 && text[k] == '§')
        {
            return true;
        }

        int e = k + 1;
        while (k >= 0 && (char.IsLetter(text[k]) || text[k] == '.'))
        {
            k--;
        }

        ReadOnlySpan<char> word = text.AsSpan(k + 1, e - k - 1).TrimEnd('.');
        return !word.IsEmpty && CitationWords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);
    }

    /// <summary>
    /// "45 CFR Part 164", "65 FR 82802", "42 U.S.C. 1320d", "Section 164 Subpart A": a citation of a law or
    /// regulation, not a street address. The number is followed by a reporter or division word, not a street name.
    /// </summary>
    public static bool IsCitation(string text, int index, int length)
    {
        ReadOnlySpan<char> value = text.AsSpan(index, length);
        int k = 0;
        while (k < value.Length && !char.IsLetter(value[k]) && value[k] != '§')
        {
            k++;
        }

        if (k < value.Length && value[k] == '§')
        {
            return true;
        }

        int e = k;
        while (e < value.Length && (char.IsLetter(value[e]) || value[e] == '.'))
        {
            e++;
        }

        ReadOnlySpan<char> word = value[k..e].TrimEnd('.');
        return !word.IsEmpty && CitationWords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);
    }
}
