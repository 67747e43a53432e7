using Compliant.AI.Text;

namespace Compliant.AI.Pii.Internal;

/// <summary>
/// Places of care: capitalized words ending in a facility word ("Methodist Hospital", "UCLA Medical Center"), and the
/// name after a care cue ("seen at Johns Hopkins", "admitted to Cedars-Sinai").
/// </summary>
internal static class CareFacilities
{
    private static readonly HashSet<string> FacilityWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "Hospital", "Clinic", "Infirmary", "Hospice", "Sanatorium", "Medical Center", "Medical Centre", "Health Center", "Health Centre", "Health Care", "Health", "Healthcare", "Health System", "Medical Group", "Urgent Care", "Rehabilitation Center", "Nursing Home", "Care Center", "Surgical Center", "Cancer Center", "Heart Institute", "Pharmacy",
    };

    /// <summary>
    /// The place where care happened: "seen at Johns Hopkins", "admitted to Cedars-Sinai", "treated at NY Presbyterian",
    /// "residing at Greenfield Senior Center". Capitalized words (with "&amp;", "-", "St.", "'s") up to the next
    /// lower-case word or punctuation. A facility name that looks like a person's ("Johns Hopkins") is still a place here.
    /// </summary>
    public static void AddCued(string text, List<WordToken> tokens, List<(int Token, LocationCue Kind)> cues, List<PiiEntity> results, string recognizer)
    {
        foreach ((int cueToken, LocationCue kind) in cues)
        {
            if (kind != LocationCue.Facility)
            {
                continue;
            }

            int start = LocationCues.After(text, tokens, cueToken, skipArticle: true);
            int k = start, end = start, words = 0;
            while (k < text.Length && words < 6)
            {
                int wordStart = k;
                while (k < text.Length && (char.IsLetterOrDigit(text[k]) || (k > wordStart && text[k] is '\'' or '\u2019' or '-' or '.' or '&')))
                {
                    k++;
                }

                if (k == wordStart)
                {
                    if (words > 0 && text[k] == '&' && k + 1 < text.Length && text[k + 1] == ' ')
                    {
                        k += 2;
                        continue;
                    }

                    break;
                }

                ReadOnlySpan<char> word = text.AsSpan(wordStart, k - wordStart).TrimEnd('.');
                if (!char.IsUpper(word[0]) && !(words > 0 && word is "of" or "for" or "de"))
                {
                    k = wordStart;
                    break;
                }

                if (char.IsUpper(word[0]))
                {
                    end = wordStart + word.Length;
                    if (end < text.Length && text[end] == '.' && word.Length <= 3)
                    {
                        end++;
                    }
                }

                words++;
                if (k >= text.Length || text[k] != ' ')
                {
                    break;
                }

                k++;
            }

            if (end <= start)
            {
                continue;
            }

            string phrase = text[start..end];
            ReadOnlySpan<char> first = phrase.AsSpan(0, phrase.IndexOf(' ') is > 0 and int sp ? sp : phrase.Length);
            if (Gazetteer.IsNotName(first) || first is "Dr" or "Dr." or "Mr." or "Mrs." or "Ms." || phrase.All(c => char.IsDigit(c) || c == ' '))
            {
                continue;
            }

            results.Add(Candidate.Create(PiiEntityTypes.Location, start, end, 0.92, recognizer, "care_facility_cue"));
        }
    }

    public static bool IsFacilityAhead(string text, List<WordToken> tokens, int index) =>
        index + 1 < tokens.Count && FacilityWords.ContainsSpan(tokens[index + 1].Word(text));

    /// <summary>"Methodist Hospital", "St. Mary's Health", "UCLA Medical Center": capitalized words ending in a facility word.</summary>
    public static void AddAt(string text, List<WordToken> tokens, int i, List<PiiEntity> results, string recognizer)
    {
        // Only start a facility at a run start: the previous token is not a capitalized word joined by a space.
        if (i > 0 && tokens[i - 1].Capitalized && WordToken.SpaceBetween(text, tokens[i - 1], tokens[i]))
        {
            return;
        }

        int j = i;
        Span<char> pair = stackalloc char[64];
        for (int n = 0; n < 5 && j < tokens.Count; n++)
        {
            WordToken t = tokens[j];
            ReadOnlySpan<char> word = t.Word(text);
            bool two = j + 1 < tokens.Count && tokens[j + 1].Capitalized && WordToken.SpaceBetween(text, t, tokens[j + 1], 1) && IsTwoWordFacility(word, tokens[j + 1].Word(text), pair);
            if (j > i && t.Capitalized && tokens[i].Word(text) is not ("The" or "A" or "An" or "Our" or "My" or "Your" or "This" or "That") && (FacilityWords.ContainsSpan(word) || two))
            {
                int endToken = two ? j + 1 : j;
                if (NameGoesOn(text, tokens, endToken) || (!two && word is "Health" or "Healthcare" && !AfterPreposition(text, tokens, i)))
                {
                    return;
                }

                results.Add(Candidate.Create(PiiEntityTypes.Location, tokens[i].Start, tokens[endToken].End, 0.6, recognizer, "facility"));
                return;
            }

            if (!t.Capitalized || (j + 1 < tokens.Count && !WordToken.SpaceBetween(text, t, tokens[j + 1], 1) && !(text[t.End - 1] == '.' || (t.End < text.Length && text[t.End] == '.'))))
            {
                return;
            }

            j++;
        }
    }

    /// <summary>
    /// "seen at Stanford Health", "from NYU Langone Health": "Health" alone names a place of care only after a
    /// preposition; "Northwind Health employees must ..." is the organisation, not a place.
    /// </summary>
    private static bool AfterPreposition(string text, List<WordToken> tokens, int first)
    {
        int k = first - 1;
        if (k >= 0 && tokens[k].Word(text) is "the")
        {
            k--;
        }

        return k >= 0 && tokens[k].Word(text) is "at" or "to" or "from" or "in" or "by" or "with" or "At" or "To" or "From" or "In";
    }

    /// <summary>
    /// "Northwind Health Partners", "Protected Health Information", "Mercy Hospital Foundation": the capitalized name
    /// goes on past the facility word into another word, so it names an organisation or a thing, not a place of care.
    /// A place after the facility ("Children's Hospital Los Angeles") still ends it.
    /// </summary>
    private static bool NameGoesOn(string text, List<WordToken> tokens, int endToken)
    {
        int next = endToken + 1;
        if (next >= tokens.Count || !tokens[next].Capitalized || !WordToken.SpaceBetween(text, tokens[endToken], tokens[next], 1))
        {
            return false;
        }

        ReadOnlySpan<char> word = tokens[next].Word(text);
        return !FacilityWords.ContainsSpan(word) && !Gazetteer.IsPlace(word) && !(next + 1 < tokens.Count && Gazetteer.IsPlace(text.AsSpan(tokens[next].Start, tokens[next + 1].End - tokens[next].Start)));
    }

    /// <summary>"Medical Center", "Urgent Care": the two words joined by one space, looked up without allocating.</summary>
    private static bool IsTwoWordFacility(ReadOnlySpan<char> first, ReadOnlySpan<char> second, Span<char> buffer)
    {
        int length = first.Length + 1 + second.Length;
        if (length > buffer.Length)
        {
            return false;
        }

        first.CopyTo(buffer);
        buffer[first.Length] = ' ';
        second.CopyTo(buffer[(first.Length + 1)..]);
        return FacilityWords.ContainsSpan(buffer[..length]);
    }
}
