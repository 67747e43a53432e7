using System.Text.RegularExpressions;
using Compliant.AI.Text;

namespace Compliant.AI.Pii.Internal;

/// <summary>
/// The street-address evidence an address block grows from (<see cref="AddressAnchor"/>): the address expressions of
/// <see cref="LocationRegexes"/> (less citations of laws, dates and doses), and streets named right after an address
/// cue ("lives on", "the corner of").
/// </summary>
internal static class StreetAnchors
{
    /// <summary>The anchors of <paramref name="text"/>, in the order the address expressions and the cues find them.</summary>
    public static List<AddressAnchor> Find(string text, List<WordToken> tokens, List<(int Token, LocationCue Kind)> cues, bool digits)
    {
        var anchors = new List<AddressAnchor>();
        if (digits)
        {
            AddMatches(text, LocationRegexes.StreetAddress(), 0.85, "street_address", anchors);
            AddMatches(text, LocationRegexes.Unit(), 0.6, "unit", anchors);
            AddMatches(text, LocationRegexes.EuropeanStreet(), 0.7, "street_number", anchors);
            AddMatches(text, LocationRegexes.HouseNumberStreet(), 0.55, "house_number_street", anchors);
            AddMatches(text, LocationRegexes.MilitaryAddress(), 0.8, "military_address", anchors);
            AddMatches(text, LocationRegexes.NumberFirstStreet(), 0.75, "number_first_street", anchors);
        }

        AddCuedStreets(text, tokens, cues, anchors);
        return anchors;
    }

    /// <summary>
    /// A street named right after an address phrase ("The bus station is on Villacher Strasse 89", "the corner of
    /// Dalbraut 99 and Frederikke Coves", "send a new one to Aqqusinersuaq 176 Pinto Hill"): capitalized words and
    /// at least one number, up to the end of the clause, become an address anchor.
    /// </summary>
    public static void AddCuedStreets(string text, List<WordToken> tokens, List<(int Token, LocationCue Kind)> cues, List<AddressAnchor> anchors)
    {
        foreach ((int cueToken, LocationCue kind) in cues)
        {
            if (kind is not (LocationCue.Address or LocationCue.Corner))
            {
                continue;
            }

            bool corner = kind == LocationCue.Corner;
            int start = LocationCues.After(text, tokens, cueToken, skipArticle: true);
            int k = start, end = start, words = 0;
            bool number = false, upperWord = false;
            while (k < text.Length && words < 10)
            {
                int wordStart = k;
                while (k < text.Length && (char.IsLetterOrDigit(text[k]) || (k > wordStart && text[k] is '\'' or '-' or '.' && k + 1 < text.Length && char.IsLetterOrDigit(text[k + 1]))))
                {
                    k++;
                }

                if (k == wordStart)
                {
                    break;
                }

                ReadOnlySpan<char> word = text.AsSpan(wordStart, k - wordStart);
                bool digits = char.IsAsciiDigit(word[0]);
                bool upper = char.IsUpper(word[0]);
                bool joiner = word is "and" or "u" or "ul" or "al" or "str" or "de" or "del" or "la" or "du" or "do" or "da" || (corner && word is "St");
                if (!digits && !upper && !joiner)
                {
                    break;
                }

                if (k < text.Length && text[k] == '.')
                {
                    k++;
                }

                number |= digits;
                upperWord |= upper && !Gazetteer.IsNotName(word);
                words++;
                end = k;
                if (k >= text.Length || text[k] != ' ')
                {
                    break;
                }

                k++;
            }

            // A sentence's full stop is not part of the address; "u. 15." (a Hungarian house number) keeps its own.
            if (end > start + 1 && text[end - 1] == '.' && char.IsLetter(text[end - 2]) && (end - 4 < start || char.IsLetter(text[end - 4])))
            {
                end--;
            }

            if ((number || (corner && StreetWordIn(text, start, end))) && upperWord && words >= 2)
            {
                anchors.Add(new AddressAnchor(start, end, corner ? 0.75 : 0.6, corner ? "street_corner" : "cued_street"));
            }
        }
    }

    private static bool StreetWordIn(string text, int start, int end)
    {
        foreach (string word in text[start..end].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Gazetteer.IsStreetWord(word.TrimEnd('.', ',')))
            {
                return true;
            }
        }

        return false;
    }

    public static void AddMatches(string text, Regex regex, double score, string pattern, List<AddressAnchor> anchors)
    {
        foreach (ValueMatch m in regex.EnumerateMatches(text))
        {
            if ((pattern != "house_number_street" || IsHouseNumberStreet(text, m.Index, m.Length)) && !LegalCitations.IsCitation(text, m.Index, m.Length))
            {
                anchors.Add(new AddressAnchor(m.Index, m.Index + m.Length, score, pattern));
            }
        }
    }

    /// <summary>"6750 Koskikatu 25" but not "2019 March 15" (a date) or "2 Advil 200 mg" (a dose).</summary>
    public static bool IsHouseNumberStreet(string text, int index, int length)
    {
        ReadOnlySpan<char> value = text.AsSpan(index, length).TrimEnd('.');
        ReadOnlySpan<char> words = value[(value.IndexOf(' ') + 1)..value.LastIndexOf(' ')];
        foreach (Range r in words.Split(' '))
        {
            ReadOnlySpan<char> word = words[r].TrimEnd('.');
            if (!word.IsEmpty && Gazetteer.IsNotName(word) && !Gazetteer.IsStreetWord(word))
            {
                return false;
            }
        }

        int k = index + length;
        while (k < text.Length && text[k] == ' ')
        {
            k++;
        }

        ReadOnlySpan<char> next = text.AsSpan(k, Math.Min(8, text.Length - k));
        return !(next.StartsWith("mg", StringComparison.OrdinalIgnoreCase) || next.StartsWith("mcg", StringComparison.OrdinalIgnoreCase) ||
                 next.StartsWith("ml", StringComparison.OrdinalIgnoreCase) || next.StartsWith('%') || next.StartsWith("unit", StringComparison.OrdinalIgnoreCase) ||
                 next.StartsWith("tab", StringComparison.OrdinalIgnoreCase) || next.StartsWith("cap", StringComparison.OrdinalIgnoreCase));
    }
}
