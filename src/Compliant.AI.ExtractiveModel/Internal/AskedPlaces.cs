using System.Text.RegularExpressions;
using Compliant.AI.Grounding.Internal;

namespace Compliant.AI.ExtractiveModel.Internal;

/// <summary>
/// Finds the question that asks for the rule of a place the sources never name: "Under &lt;LOCATION_1&gt; law, how many days
/// ...", "What is the &lt;LOCATION_1&gt; state mileage rate?". Redaction replaces a place with the same placeholder in the
/// question and in the sources, so a placeholder no source holds is a place no source names. Only a place that qualifies
/// the thing asked about (the placeholder right before a noun, in the asking sentence) counts: the asker's own name, address
/// or trip ("I'm back from a trip to &lt;LOCATION_1&gt;. Is there a deadline ...?") is no part of what the answer must state.
/// </summary>
internal static partial class AskedPlaces
{
    /// <summary>Returns whether the asking sentence of <paramref name="question"/> qualifies what it asks about by a place that no source holds.</summary>
    public static bool QualifiesByForeignPlace(string question, IReadOnlyList<ParsedSource> sources)
    {
        foreach (Match match in PlaceBeforeNoun().Matches(AskedThings.AskingSentence(question)))
        {
            if (NotNouns.Contains(match.Groups["next"].Value.ToLowerInvariant()))
            {
                continue;
            }

            string placeholder = match.Groups["place"].Value;
            if (!sources.Any(s => s.Text.Contains(placeholder, StringComparison.Ordinal) || (s.Title?.Contains(placeholder, StringComparison.Ordinal) ?? false)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Words after a place that do not make it a qualifier: times ("in &lt;LOCATION_1&gt; next week") and function words.</summary>
    private static readonly HashSet<string> NotNouns = new(StringComparer.Ordinal)
    {
        "next", "this", "last", "today", "tomorrow", "tonight", "yesterday", "now", "soon", "and", "or", "but", "for", "to", "from",
        "in", "on", "at", "by", "with", "of", "is", "are", "was", "were", "be", "do", "does", "did", "can", "may", "must", "should",
        "will", "would", "i", "we", "you", "they", "he", "she", "it", "that", "which", "who", "when", "where", "how", "what", "if",
    };

    /// <summary>A redacted place followed, after spaces only, by a word: "&lt;LOCATION_1&gt; law".</summary>
    [GeneratedRegex(@"(?<place><LOCATION_\d+>)[ \t]+(?<next>\p{L}[\p{L}'-]*)", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceBeforeNoun();
}
