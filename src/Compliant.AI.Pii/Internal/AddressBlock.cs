using System.Text.RegularExpressions;

namespace Compliant.AI.Pii.Internal;

/// <summary>
/// Grows a street-address anchor ("Koskikatu 25 Apt. 864", "74 Diakou Street") into the whole postal address around
/// it: a house number just before it, then the continuation lines or comma-separated parts after it — unit, city,
/// state or province code, postal code, country — as in "6750 Koskikatu 25 Apt. 864\nArtilleros\n, CO\n Uruguay 64677".
/// Each step reads a bounded number of characters, so the cost is linear in the text.
/// </summary>
internal static partial class AddressBlock
{
    private const int MaxParts = 8;
    private const int MaxLength = 240;
    private const RegexOptions Opt = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    /// <summary>Lower-case words that may join a place name ("Villafranca del Cid", "Črni Vrh nad Idrijo").</summary>
    private static readonly HashSet<string> Connectors = new(StringComparer.Ordinal)
    {
        "de", "del", "della", "di", "da", "do", "dos", "das", "la", "le", "les", "el", "en", "sur", "sous", "nad", "pod", "u", "am", "an", "im", "der", "den", "op", "aan", "y", "i", "e", "of", "on", "upon", "the", "bei", "ob",
    };

    private enum Part
    {
        None,
        Unit,
        PostalCode,
        Region,
        Country,
        Place,
    }

    /// <summary>Returns the extended span, or the anchor itself when nothing around it belongs to an address.</summary>
    public static (int Start, int End, int Parts) Extend(string text, int start, int end)
    {
        start = HouseNumberBefore(text, start);
        int parts = 0, places = 0;
        bool afterPostalCode = false;
        while (parts < MaxParts && end - start < MaxLength)
        {
            (int next, bool newline, bool comma, bool blankLine) = Separator(text, end);
            if (next >= text.Length || next == end)
            {
                break;
            }

            (Part part, int partEnd) = ReadPart(text, next);
            bool accept = part switch
            {
                Part.None => false,
                Part.Country => true,
                Part.PostalCode => !afterPostalCode,
                Part.Unit or Part.Region => !afterPostalCode && !blankLine,
                Part.Place => !afterPostalCode && !blankLine && places < 3 && (EndsPart(text, partEnd) || (!newline && !comma && EndsInStreetWord(text, next, partEnd))) && !LooksLikePersonName(text, next, partEnd),
                _ => false,
            };

            if (!accept)
            {
                break;
            }

            afterPostalCode |= part == Part.PostalCode;
            places += part == Part.Place ? 1 : 0;
            end = partEnd;
            parts++;
            if (part == Part.Country && afterPostalCode)
            {
                break;
            }
        }

        return (start, end, parts);
    }

    /// <summary>"6750 Koskikatu 25": a bare number before the anchor, separated by one or two spaces.</summary>
    private static int HouseNumberBefore(string text, int start)
    {
        int k = start - 1;
        int spaces = 0;
        while (k >= 0 && text[k] == ' ' && spaces < 2)
        {
            k--;
            spaces++;
        }

        if (spaces == 0)
        {
            return start;
        }

        int digitsEnd = k + 1;
        while (k >= 0 && char.IsAsciiDigit(text[k]) && digitsEnd - k <= 6)
        {
            k--;
        }

        int digits = digitsEnd - (k + 1);
        bool boundary = k < 0 || !char.IsLetterOrDigit(text[k]);
        return digits is >= 1 and <= 6 && boundary ? k + 1 : start;
    }

    private static (int Next, bool Newline, bool Comma, bool BlankLine) Separator(string text, int i)
    {
        int newlines = 0;
        bool comma = false;
        int limit = Math.Min(text.Length, i + 16);
        while (i < limit)
        {
            char c = text[i];
            if (c == '\n')
            {
                newlines++;
            }
            else if (c == ',')
            {
                if (comma)
                {
                    break;
                }

                comma = true;
            }
            else if (c is not (' ' or '\t' or '\r' or '>'))
            {
                break;
            }

            i++;
        }

        return (i, newlines > 0, comma, newlines > 1);
    }

    private static (Part Part, int End) ReadPart(string text, int i)
    {
        ReadOnlySpan<char> rest = text.AsSpan(i, Math.Min(text.Length - i, 64));
        foreach (ValueMatch m in UnitPart().EnumerateMatches(rest))
        {
            return m.Index == 0 ? (Part.Unit, i + m.Length) : (Part.None, i);
        }

        foreach (ValueMatch m in PostalCodePart().EnumerateMatches(rest))
        {
            if (m.Index == 0)
            {
                return (Part.PostalCode, i + m.Length);
            }

            break;
        }

        if (!char.IsLetter(text[i]) || !char.IsUpper(text[i]))
        {
            return (Part.None, i);
        }

        // Collect up to four words of a place phrase; the longest prefix that is a known place is a country or region name.
        int end = i, knownEnd = -1, words = 0;
        bool allCapsShort = false;
        int k = i;
        while (words < 5 && k < text.Length)
        {
            int wordStart = k;
            while (k < text.Length && (char.IsLetter(text[k]) || text[k] is '\'' or '\u2019' or '-' or '.' || (text[k] == '(' && k == wordStart) || (text[k] == ')' && k > wordStart)))
            {
                k++;
            }

            if (k == wordStart)
            {
                break;
            }

            string word = text[wordStart..k];
            bool upper = char.IsUpper(word[0]) || word[0] == '(';
            if (!upper && !Connectors.Contains(word))
            {
                break;
            }

            if (!upper && (k >= text.Length || text[k] != ' '))
            {
                break;
            }

            words++;
            if (upper)
            {
                end = k;
                if (Gazetteer.IsPlace(text.AsSpan(i, k - i)))
                {
                    knownEnd = k;
                }
            }

            if (words == 1)
            {
                allCapsShort = word.Length is 2 or 3 && word.All(char.IsUpper);
            }

            if (k >= text.Length || text[k] != ' ' || k + 1 >= text.Length || !char.IsLetter(text[k + 1]) && text[k + 1] != '(')
            {
                break;
            }

            k++;
        }

        // A sentence's full stop after the last word is not part of the place ("..., Cork, Ireland.").
        if (end - i > 4 && text[end - 1] == '.' && char.IsLower(text[end - 2]) && char.IsLower(text[end - 3]))
        {
            end--;
            knownEnd = knownEnd > end ? (Gazetteer.IsPlace(text.AsSpan(i, end - i)) ? end : -1) : knownEnd;
        }

        if (knownEnd > 0 && (knownEnd == end || !Gazetteer.IsPlace(text.AsSpan(i, end - i))))
        {
            return (Part.Country, knownEnd);
        }

        if (words == 1 && allCapsShort)
        {
            return (Part.Region, end);
        }

        return end > i && !Gazetteer.IsNotName(text.AsSpan(i, end - i)) ? (Part.Place, end) : (Part.None, i);
    }

    private static bool EndsInStreetWord(string text, int start, int end)
    {
        int space = text.LastIndexOf(' ', end - 1, end - start);
        return Gazetteer.IsStreetWord(text.AsSpan(space + 1, end - space - 1));
    }

    /// <summary>"John Smith" on the line after an address is the next addressee, not a city.</summary>
    private static bool LooksLikePersonName(string text, int start, int end)
    {
        ReadOnlySpan<char> phrase = text.AsSpan(start, end - start);
        int space = phrase.IndexOf(' ');
        if (space < 0 || Gazetteer.IsPlace(phrase))
        {
            return false;
        }

        int last = phrase.LastIndexOf(' ');
        return Gazetteer.IsGivenName(phrase[..space]) && Gazetteer.IsSurname(phrase[(last + 1)..]);
    }

    /// <summary>A free place phrase must end its line or comma part (or run into a postal code), so prose never joins an address.</summary>
    private static bool EndsPart(string text, int end)
    {
        int k = end;
        while (k < text.Length && text[k] is ' ' or '\t' or '\r')
        {
            k++;
        }

        if (k >= text.Length || text[k] is '\n' or ',' or '?' or '!' or ')' or ';')
        {
            return true;
        }

        if (text[k] == '.' && (k + 1 >= text.Length || char.IsWhiteSpace(text[k + 1])))
        {
            return true;
        }

        ReadOnlySpan<char> rest = text.AsSpan(k, Math.Min(text.Length - k, 16));
        foreach (ValueMatch m in PostalCodePart().EnumerateMatches(rest))
        {
            return m.Index == 0;
        }

        return false;
    }

    [GeneratedRegex(@"^((Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|Room|Rm|Bldg|Building)(\.? ?#?[0-9][A-Za-z0-9\-]{0,5}|\.? [A-Z])\b|#[0-9]{1,5}\b|P\.? ?O\.? Box [0-9]{1,6}\b)", Opt | RegexOptions.IgnoreCase)]
    private static partial Regex UnitPart();

    // 12345, 12345-6789, 00-950, 1012 AB, SW1A 1AA, K1A 0B1, D02 X285.
    [GeneratedRegex(@"^([0-9]{3,6}(-[0-9]{3,4})?|[0-9]{2}-[0-9]{3}|[0-9]{4} ?[A-Z]{2}|[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}|[A-Z][0-9][A-Z] ?[0-9][A-Z][0-9]|[A-Z][0-9]{2} ?[A-Z0-9]{4})\b", Opt)]
    private static partial Regex PostalCodePart();
}
