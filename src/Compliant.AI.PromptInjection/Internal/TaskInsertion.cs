using System.Text.RegularExpressions;
using Compliant.AI.Text;

namespace Compliant.AI.PromptInjection.Internal;

/// <summary>
/// Finds a request addressed to the reader inside untrusted text that has nothing to do with the text around it: a
/// sentence shaped as a task for an assistant ("write a script to …", "summarize the findings of …", "how can I …?",
/// "can you classify …?") whose content words the rest of the document does not use.
/// </summary>
/// <remarks>
/// <para>
/// An e-mail, a policy page or a tool result asks things of its reader too ("please confirm the meeting", "provide the
/// form to your supervisor"), but those requests are about the text they sit in. An injected task is not: it is a
/// general request planted in a document so that the assistant performs it instead of, or besides, the user's task.
/// Two independent pieces of evidence are therefore required: the sentence opens as a request or a question to the
/// reader (a closed list of English and German task verbs and question openings), and at most
/// <see cref="MaxSharedShare"/> of its content terms (stop words removed, lightly stemmed; the text kit's
/// <see cref="TermAnalyzer"/>) occur anywhere else in the text. The rest of the text must hold at least
/// <see cref="MinContextTerms"/> content terms, so a short tool result that is only a request is left to the model.
/// </para>
/// <para>Linear in the text length: one pass to count terms per segment, one regular expression per segment start.</para>
/// </remarks>
internal static partial class TaskInsertion
{
    /// <summary>The weight of the signal: enough to flag on its own at the default operating point.</summary>
    public const double Weight = 0.6;

    /// <summary>The fewest content terms a request must have to be judged (shorter ones carry too little evidence).</summary>
    public const int MinRequestTerms = 3;

    /// <summary>The fewest content terms the rest of the text must have to be a context the request can be out of.</summary>
    public const int MinContextTerms = 12;

    /// <summary>The largest share of the request's content terms that may occur elsewhere in the text.</summary>
    public const double MaxSharedShare = 0.2;

    /// <summary>The most unrelated requests a text may hold and still be a text with requests inserted (more is a collection).</summary>
    public const int MaxInsertions = 2;

    private const int MaxPrefix = 160;

    /// <summary>Returns whether any segment of <paramref name="folded"/> is a request unrelated to the rest of the text.</summary>
    public static bool Matches(string folded, List<Range> segments)
    {
        if (segments.Count < 2)
        {
            return false;
        }

        List<(int Segment, int Length, int Start)>? candidates = null;
        for (int i = 0; i < segments.Count; i++)
        {
            ReadOnlySpan<char> segment = folded.AsSpan()[segments[i]];
            int start = 0;
            while (start < segment.Length && !char.IsLetter(segment[start]))
            {
                start++;
            }

            // The request shape is judged on the segment's opening only, so the expression's cost does not grow with it.
            ReadOnlySpan<char> opening = segment[start..];
            if (opening.Length > MaxPrefix)
            {
                opening = opening[..MaxPrefix];
            }

            if (RequestShape().IsMatch(opening))
            {
                // The request is the sentence that opens the segment: up to its question mark or line break (a quoted text
                // after "is this feedback positive or negative?" belongs to it, a short tail joined to the segment does not).
                ReadOnlySpan<char> request = segment[start..];
                int end = request.IndexOfAny('?', '\n');
                (candidates ??= []).Add((i, end < 0 ? request.Length : end + 1, start));
            }
        }

        if (candidates is null)
        {
            return false;
        }

        // How many segments use each term: a term of the candidate occurs elsewhere when another segment uses it.
        var segmentTerms = new HashSet<ulong>[segments.Count];
        var segmentCounts = new Dictionary<ulong, int>();
        for (int i = 0; i < segments.Count; i++)
        {
            segmentTerms[i] = TermAnalyzer.Terms(folded.AsSpan()[segments[i]]);
            foreach (ulong term in segmentTerms[i])
            {
                segmentCounts[term] = segmentCounts.GetValueOrDefault(term) + 1;
            }
        }

        int outOfContext = 0;
        foreach ((int candidate, int length, int start) in candidates)
        {
            HashSet<ulong> terms = TermAnalyzer.Terms(folded.AsSpan()[segments[candidate]].Slice(start, length));
            if (terms.Count >= MinRequestTerms && segmentCounts.Count - terms.Count >= MinContextTerms && Unrelated(terms, segmentCounts))
            {
                outOfContext++;
            }
        }

        if (outOfContext == 0 || outOfContext > MaxInsertions || candidates.Count * 3 > segments.Count)
        {
            // None; or a text made of requests (a list of tickets, a page of sample questions, a forum digest): a
            // collection, in which one more unrelated request is not out of place.
            return false;
        }

        // A request that shares no words with its text is evidence only in a text whose sentences share words with each
        // other (an e-mail, a policy page). In a text of unrelated items (a ticket list, search results) every item is
        // unrelated to the rest, the inserted one included.
        int judged = 0;
        int related = 0;
        for (int i = 0; i < segments.Count; i++)
        {
            if (segmentTerms[i].Count >= MinRequestTerms && !candidates.Exists(c => c.Segment == i))
            {
                judged++;
                related += Unrelated(segmentTerms[i], segmentCounts) ? 0 : 1;
            }
        }

        return judged > 0 && related * 2 >= judged;
    }

    private static bool Unrelated(HashSet<ulong> terms, Dictionary<ulong, int> segmentCounts)
    {
        int shared = 0;
        foreach (ulong term in terms)
        {
            if (segmentCounts[term] > 1)
            {
                shared++;
            }
        }

        return shared <= MaxSharedShare * terms.Count;
    }

    // The opening of a request to the reader, after an optional "please", "also", "now", "and", "additionally":
    // an imperative task verb, or a question to the reader (how/what/which ... with an auxiliary, "can you", "is this").
    [GeneratedRegex(
        @"^(?:(?:please|pls|also|now|and|additionally|furthermore|moreover|then|next|finally|btw|ps|bitte|auch|ausserdem|jetzt)\W{0,2} ){0,3}" +
        @"(?:(?:write|compose|create|generate|produce|summari[sz]e|translate|analy[sz]e|explain|describe|provide|recommend|suggest|determine|classify|identify|evaluate|assess|compare|calculate|compute|predict|develop|solve|convert|rewrite|paraphrase|proofread|brainstorm|elaborate|propose|define|discuss|investigate|look up)\b" +
        @"|(?:draft|plan|design|research|outline|rank|forecast|estimate|list|name|search) (?:a|an|the|all|some|my|our|three|five|ten|\d+)\b" +
        @"|(?:tell|show|give|help|teach|remind|find|get) (?:me|us)\b" +
        @"|(?:how|what|which|who|why|when|where)(?:'s| (?:\w+ ){0,3}?(?:is|are|was|were|do|does|did|can|could|should|would|will|have|has|to))\b[^?\n]{0,200}\?" +
        @"|(?:can|could|would|will) you\b[^?\n]{0,200}\?|(?:can|could|would|will) you (?:please |kindly )?(?:write|compose|create|generate|summari[sz]e|translate|analy[sz]e|explain|describe|provide|recommend|suggest|list|tell|show|give|help)\b" +
        @"|(?:is|are) (?:this|these|there|it)\b[^?\n]{0,200}\?|do you know\b|(?:i need|i want|i'd like|i would like) you to\b" +
        @"|(?:schreibe|schreib|erstelle|verfasse|fasse|ubersetze|ubersetz|analysiere|erklare|beschreibe|nenne|liste|empfiehl|schlage|berechne|vergleiche|bewerte)\b" +
        @"|(?:gib|zeige|zeig|hilf|sag|erzahl) (?:mir|uns)\b" +
        @"|(?:wie|was|welche|welcher|welches|wer|warum|wann|wo)\b[^?\n]{0,200}\?|(?:kannst du|konnen sie|konntest du|konnten sie)\b)",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex RequestShape();
}
