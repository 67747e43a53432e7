using Compliant.AI.Text;

namespace Compliant.AI.Pii.Internal;

/// <summary>
/// Place names: the longest gazetteer place at a token ("San Diego", "Bosnia and Herzegovina"), the capitalized
/// phrase after a place cue ("grew up in Remniku"), a common word that needs a cue before it counts as a place, and
/// the city line above a country line.
/// </summary>
internal static class PlaceNames
{
    /// <summary>
    /// The last token of the longest known place (up to four words) that starts at token <paramref name="first"/>, or
    /// -1; the phrase is built in <paramref name="buffer"/> (64 characters) without allocating.
    /// </summary>
    public static int LongestAt(string text, List<WordToken> tokens, int first, Span<char> buffer)
    {
        int bestEnd = -1;
        int length = 0;
        int j = first;
        for (int n = 0; n < 4 && j < tokens.Count; n++, j++)
        {
            if (n > 0 && (!WordToken.SpaceBetween(text, tokens[j - 1], tokens[j], 1) || (!tokens[j].Capitalized && tokens[j].Word(text) is not ("of" or "and" or "de" or "es" or "el" or "la"))))
            {
                break;
            }

            ReadOnlySpan<char> word = tokens[j].Word(text);
            if (length + word.Length + 1 > buffer.Length)
            {
                break;
            }

            if (n > 0)
            {
                buffer[length++] = ' ';
            }

            word.CopyTo(buffer[length..]);
            length += word.Length;
            if (Gazetteer.IsPlace(buffer[..length]))
            {
                bestEnd = j;
            }
        }

        return bestEnd;
    }

    /// <summary>One to four capitalized words (lower-case joining words such as "del" allowed inside); returns the end, or <paramref name="start"/> when none.</summary>
    public static int PhraseEnd(string text, int start)
    {
        int end = start, k = start, words = 0;
        while (words < 4 && k < text.Length)
        {
            int wordStart = k;
            while (k < text.Length && (char.IsLetter(text[k]) || (k > wordStart && text[k] is '\'' or '\u2019' or '-')))
            {
                k++;
            }

            if (k == wordStart)
            {
                break;
            }

            bool upper = char.IsUpper(text[wordStart]);
            if (!upper && !(words > 0 && text.AsSpan(wordStart, k - wordStart) is "del" or "de" or "la" or "da" or "do" or "di" or "nad" or "am" or "an" or "sur" or "upon"))
            {
                break;
            }

            words++;
            if (upper)
            {
                end = k;
            }

            if (k + 1 >= text.Length || text[k] != ' ' || !char.IsLetter(text[k + 1]))
            {
                break;
            }

            k++;
        }

        return end;
    }

    /// <summary>
    /// A capitalized name right after a phrase that introduces a place ("grew up in Remniku", "originally from ΕΓΚΩΜΗ",
    /// "flew to LEPPEN", "I am in Sutri for a business trip") is a place even when no gazetteer knows it.
    /// </summary>
    public static void AddCued(string text, List<WordToken> tokens, List<(int Token, LocationCue Kind)> cues, List<PiiEntity> results, string recognizer)
    {
        foreach ((int cueToken, LocationCue kind) in cues)
        {
            if (kind is not (LocationCue.Place or LocationCue.Stay))
            {
                continue;
            }

            int start = LocationCues.After(text, tokens, cueToken, skipArticle: false);
            int end = PhraseEnd(text, start);
            if (end <= start)
            {
                continue;
            }

            if (kind == LocationCue.Stay && !LocationCues.IsStay(text, end))
            {
                continue;
            }

            string phrase = text[start..end];
            if (Gazetteer.IsNotName(phrase) || (Gazetteer.IsGivenName(phrase) && !Gazetteer.IsPlace(phrase)))
            {
                continue;
            }

            results.Add(Candidate.Create(PiiEntityTypes.Location, start, end, Gazetteer.IsPlace(phrase) ? 0.75 : 0.6, recognizer, "place_cue"));
        }
    }

    /// <summary>Whether the word at <paramref name="start"/> opens a sentence, a line, a list item or a heading ("As used", "- As a", "(i) As").</summary>
    public static bool OpensSentence(string text, int start)
    {
        int k = start - 1;
        while (k >= 0 && text[k] is ' ' or '\t' or '"' or '\'' or '(' or ')' or '*' or '-' or '#' or '>' or '|' or '\u2014' or '\u2013' || (k >= 0 && char.IsAsciiDigit(text[k])) ||
               (k >= 0 && text[k] is >= 'a' and <= 'z' && k > 0 && text[k - 1] == '(' ))
        {
            k--;
        }

        return k < 0 || text[k] is '.' or '!' or '?' or '\n' or ':' or ';';
    }

    /// <summary>"Chiclana de la Frontera\nSpain": the line right before a line that is only a country is its city.</summary>
    public static void AddCityLineBefore(string text, int placeStart, int placeEnd, List<PiiEntity> results, string recognizer)
    {
        int lineStart = placeStart;
        while (lineStart > 0 && text[lineStart - 1] is ' ' or '\t' or '>')
        {
            lineStart--;
        }

        int lineEnd = placeEnd;
        while (lineEnd < text.Length && text[lineEnd] is ' ' or '\t' or '\r')
        {
            lineEnd++;
        }

        if (lineStart == 0 || text[lineStart - 1] != '\n' || (lineEnd < text.Length && text[lineEnd] != '\n') || !Gazetteer.IsPlace(text.AsSpan(placeStart, placeEnd - placeStart)))
        {
            return;
        }

        int prevEnd = lineStart - 1;
        int prevStart = text.LastIndexOf('\n', Math.Max(0, prevEnd - 1)) + 1;
        if (prevEnd - prevStart is < 3 or > 48)
        {
            return;
        }

        string line = text[prevStart..prevEnd].Trim(' ', '\t', '\r', '>', ',');
        string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is 0 or > 4 || !words.All(w => char.IsUpper(w[0]) || w is "de" or "del" or "la" or "da" or "do" or "di" or "nad" or "am" or "an" or "sur") ||
            !line.All(c => char.IsLetter(c) || c is ' ' or '-' or '\'' or '.') || Gazetteer.IsNotName(words[0]) ||
            (words.Length >= 2 && Gazetteer.IsGivenName(words[0]) && Gazetteer.IsSurname(words[^1]) && !Gazetteer.IsPlace(line)))
        {
            return;
        }

        int start = text.IndexOf(line, prevStart, StringComparison.Ordinal);
        results.Add(Candidate.Create(PiiEntityTypes.Location, start, placeEnd, 0.75, recognizer, "city_line_country_line"));
    }
}
