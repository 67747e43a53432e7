using Compliant.AI.Text;

namespace Compliant.AI.Pii.Internal;

/// <summary>
/// The phrases that announce a place ("grew up in", "travelling to"), a street address ("lives on", "send it to"), a
/// street corner ("the corner of") or a care facility ("seen at", "admitted to"), matched on tokens
/// (<see cref="CuePhrases{TKind}"/>); the person recognizer reads the facility cues too. Also where the text after a
/// cue starts, and whether an "I am in" clause is a stay.
/// </summary>
internal static class LocationCues
{
    /// <summary>The cue phrases and what each announces.</summary>
    public static readonly CuePhrases<LocationCue> Phrases = new(Table());

    private static IEnumerable<(string, LocationCue)> Table()
    {
        foreach (string verb in (string[])["lives", "live", "living", "lived", "resides", "reside", "residing", "grew up", "born", "raised", "based", "located", "headquartered", "stationed", "settled"])
        {
            yield return (verb + " in", LocationCue.Place);
        }

        foreach (string verb in (string[])["moved", "moved here", "relocated", "came", "came here", "come", "originally", "immigrated", "emigrated"])
        {
            yield return (verb + " from", LocationCue.Place);
        }

        foreach (string verb in (string[])["flew", "flying", "fly", "moved", "moving", "relocated", "relocating", "emigrated", "immigrated"])
        {
            yield return (verb + " to", LocationCue.Place);
        }

        foreach (string phrase in (string[])["hometown", "home town", "hometown of", "hometown is", "home city", "home city of", "home city is", "where:", "city of", "town of", "village of", "municipality of", "University of"])
        {
            yield return (phrase, LocationCue.Place);
        }

        foreach (string phrase in (string[])["I'm in", "I am in", "I'm at", "I am at", "we're in", "we are in", "we're at", "we are at"])
        {
            yield return (phrase, LocationCue.Stay);
        }

        foreach (string phrase in (string[])["travelling to", "traveling to", "travel to", "travelled to", "traveled to", "trip to", "returned to", "return to", "coming to", "going to", "arrived at", "arrived in", "visit", "visiting", "visited", "year in", "years in", "stay in", "staying in", "stayed in", "vacation in", "holiday in", "back to", "back in"])
        {
            yield return (phrase, LocationCue.Travel);
        }

        foreach (string phrase in (string[])["address is", "address:", "address is the", "lives on", "live on", "lived on", "living on", "located on", "is on", "are on", "lives at", "live at", "lived at", "living at", "located at", "is at", "are at", "stop at", "meet you at", "drops you off at", "it's in", "it is in"])
        {
            yield return (phrase, LocationCue.Address);
        }

        foreach (string verb in (string[])["send", "sent", "ship", "shipped", "deliver", "delivered", "mail", "mailed"])
        {
            foreach (string obj in (string[])["", " it", " them", " this", " that", " a new one", " the card", " the package"])
            {
                yield return (verb + obj + " to", LocationCue.Address);
            }
        }

        yield return ("corner of", LocationCue.Corner);
        foreach (string verb in (string[])["seen", "treated", "admitted", "evaluated", "assessed", "reviewed", "attended", "visited", "examined", "hospitalized", "hospitalised", "discharged", "transferred", "followed", "followed up", "operated", "diagnosed", "tested", "imaged", "scanned", "screened", "delivered", "vaccinated", "conducted", "performed", "done", "carried out", "residing", "appointment", "admission", "visit", "surgery", "biopsy", "procedure", "report", "results", "records"])
        {
            foreach (string preposition in (string[])["at", "to", "in", "from"])
            {
                yield return (verb + " " + preposition, LocationCue.Facility);
            }
        }
    }

    /// <summary>Every token that ends a cue phrase, in token order.</summary>
    public static List<(int Token, LocationCue Kind)> FindAll(string text, List<WordToken> tokens)
    {
        var cues = new List<(int, LocationCue)>();
        for (int i = 0; i < tokens.Count; i++)
        {
            if (Phrases.EndsAt(text, tokens, i, out LocationCue kind))
            {
                cues.Add((i, kind));
            }
        }

        return cues;
    }

    /// <summary>Where the text after a cue starts: past its colon and spaces, and past "the " when asked.</summary>
    public static int After(string text, List<WordToken> tokens, int cueToken, bool skipArticle)
    {
        int k = tokens[cueToken].End;
        if (k < text.Length && text[k] == ':')
        {
            k++;
        }

        while (k < text.Length && text[k] is ' ' or '\t')
        {
            k++;
        }

        if (skipArticle && cueToken + 1 < tokens.Count && tokens[cueToken + 1].Start == k && text.AsSpan(k, tokens[cueToken + 1].Length) is "the" or "The")
        {
            k = tokens[cueToken + 1].End;
            while (k < text.Length && text[k] == ' ')
            {
                k++;
            }
        }

        return k;
    }

    /// <summary>"I am in Sutri for a business trip": a stay, not "I am in pain".</summary>
    public static bool IsStay(string text, int end)
    {
        int lineEnd = text.IndexOf('\n', end);
        ReadOnlySpan<char> rest = text.AsSpan(end, Math.Min((lineEnd < 0 ? text.Length : lineEnd) - end, 60));
        return rest.StartsWith(",", StringComparison.Ordinal) || rest.Contains(" trip", StringComparison.OrdinalIgnoreCase) || rest.Contains("conference", StringComparison.OrdinalIgnoreCase) ||
               rest.Contains("vacation", StringComparison.OrdinalIgnoreCase) || rest.Contains("holiday", StringComparison.OrdinalIgnoreCase) || rest.Contains("meeting", StringComparison.OrdinalIgnoreCase);
    }
}
