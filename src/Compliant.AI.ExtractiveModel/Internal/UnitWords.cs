using System.Text.RegularExpressions;
using Compliant.AI.Text;

namespace Compliant.AI.ExtractiveModel.Internal;

/// <summary>The words of questions and answer units as the semantic word checks compare them.</summary>
internal static partial class UnitWords
{
    /// <summary>How many distinct words of the answer's units are compared with the question's words at most.</summary>
    public const int MaxCompared = 256;

    /// <summary>
    /// The distinct lower-cased words of <paramref name="texts"/> that carry a term and a letter (no numbers, no stop words,
    /// no placeholders), in order, at most <see cref="MaxCompared"/>.
    /// </summary>
    public static List<string> Distinct(IEnumerable<string> texts)
    {
        var words = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string text in texts)
        {
            foreach (Match word in Word().Matches(Placeholder().Replace(text, " ")))
            {
                if (words.Count == MaxCompared)
                {
                    return words;
                }

                string lower = word.Value.ToLowerInvariant();
                if (lower.Any(char.IsLetter) && TermAnalyzer.Terms(lower).Count > 0 && seen.Add(lower))
                {
                    words.Add(lower);
                }
            }
        }

        return words;
    }

    /// <summary>A word, with its inner hyphens and apostrophes ("re-use", "doesn't").</summary>
    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*", RegexOptions.CultureInvariant)]
    public static partial Regex Word();

    /// <summary>A redaction placeholder ("&lt;PERSON_1&gt;"): never compared, it stands for the caller's data.</summary>
    [GeneratedRegex(@"<[A-Z][A-Z0-9_]*_\d+>", RegexOptions.CultureInvariant)]
    public static partial Regex Placeholder();
}
