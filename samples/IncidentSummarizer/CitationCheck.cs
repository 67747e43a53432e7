using System.Text.RegularExpressions;

namespace IncidentSummarizer;

/// <summary>
/// The evaluation's citation check, independent of the grounding stage: a cited event <b>supports</b> a sentence when
/// at least <see cref="MinimumOverlap"/> of the sentence's content words (lower-cased words of 3+ letters that are not
/// stop words, and every number) occur in the event's text, and every number of the sentence does.
/// </summary>
public static partial class CitationCheck
{
    /// <summary>The share of a sentence's content words its cited event must contain.</summary>
    public const double MinimumOverlap = 0.6;

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "with", "from", "that", "this", "was", "were", "are", "has", "had", "have", "not", "but",
        "its", "into", "after", "before", "over", "than", "then", "when", "which", "while", "all", "any", "our", "their",
    };

    /// <summary>Whether <paramref name="eventText"/> supports <paramref name="sentence"/>.</summary>
    public static bool Supports(string sentence, string eventText)
    {
        string[] words = ContentWords(sentence).ToArray();
        if (words.Length == 0)
        {
            return false;
        }

        var available = new HashSet<string>(ContentWords(eventText), StringComparer.Ordinal);
        int found = words.Count(available.Contains);
        bool numbers = words.Where(w => char.IsDigit(w[0])).All(available.Contains);
        return numbers && found >= MinimumOverlap * words.Length;
    }

    private static IEnumerable<string> ContentWords(string text) =>
        Word().Matches(text.ToLowerInvariant()).Select(m => m.Value).Where(w => char.IsDigit(w[0]) || (w.Length >= 3 && !StopWords.Contains(w)));

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
