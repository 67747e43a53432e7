using System.Text.RegularExpressions;
using Compliant.AI.Text;

namespace Compliant.AI.ExtractiveModel.Internal;

/// <summary>
/// Finds the near miss where the question asks what a rule gives someone other than the reader, and the answer states it
/// for the reader: "How many annual leave hours can a senior executive carry over?" answered with "You can carry over a
/// maximum of 240 annual leave hours"; "How many sick days do contractors get?" answered with the sick leave the reader
/// (an employee) earns. A handbook that says "you" speaks to its reader; a question whose subject is a named group of
/// people asks about them, and an answer that never names them (nor says them in other words) answers for the reader.
/// </summary>
internal static partial class AskedSubjects
{
    /// <summary>
    /// Returns the subject of <paramref name="question"/>'s asking sentence that <paramref name="units"/> (the answer's units
    /// of its first document) never name, when the first of them speaks to the reader ("you", "your"); <see langword="null"/>
    /// when the question asks about the reader (I, we, you), about a name or an acronym (an organization), about people in
    /// general ("employees", "staff"), or when the units name the subject in the same words or, with a semantic scorer, in
    /// words at least <paramref name="paraphraseSimilarity"/> similar.
    /// </summary>
    public static async ValueTask<string?> ForeignSubjectAsync(
        string question, IReadOnlyList<SentenceSelector.Candidate> units, SemanticScorer? semantic, double paraphraseSimilarity, CancellationToken cancellationToken)
    {
        if (units.Count == 0 || !SpeaksToReader().IsMatch(units[0].Text))
        {
            return null;
        }

        List<string>? subject = Subject(AskedThings.AskingSentence(question));
        if (subject is null)
        {
            return null;
        }

        List<string> unsaid = subject.Where(w => !PolicyVocabulary.Fold(TermAnalyzer.Terms(w)).Any(t => units.Any(u => u.Covers(t)))).ToList();
        if (unsaid.Count == 0)
        {
            return null;
        }

        if (semantic is not null && paraphraseSimilarity < 1)
        {
            List<string> sourceWords = UnitWords.Distinct(units.Select(static u => u.Context is null ? u.Text : $"{u.Context} {u.Text}"));
            if (sourceWords.Count > 0)
            {
                double[] best = await semantic.BestMatchesAsync(unsaid, sourceWords, cancellationToken).ConfigureAwait(false);
                if (best.Any(b => b >= paraphraseSimilarity))
                {
                    return null;
                }
            }
        }

        return string.Join(' ', subject);
    }

    /// <summary>
    /// The content words of the subject of a question ("can a senior executive carry over" gives "senior executive", "do
    /// contractors get" gives "contractors"): the run of words after the first modal or "do", and an optional article, up
    /// to a function word or the end of the sentence. The run's last word is its verb ("carry"), unless the run stops at an
    /// everyday verb ("get", "have", "need"). A subject that is a pronoun ("can I", "do we"), that has a capital letter or a
    /// digit (a name, an organization), or whose run is longer than three words (where the verb cannot be told) is
    /// <see langword="null"/>; so is one made only of words for people in general.
    /// </summary>
    internal static List<string>? Subject(string sentence)
    {
        List<string> tokens = UnitWords.Word().Matches(UnitWords.Placeholder().Replace(sentence, " . ")).Select(m => m.Value).ToList();
        int i = tokens.FindIndex(t => Auxiliaries.Contains(t.ToLowerInvariant()));
        if (i < 0)
        {
            return null;
        }

        i++;
        if (i < tokens.Count && Articles.Contains(tokens[i].ToLowerInvariant()))
        {
            i++;
        }

        var run = new List<string>();
        bool stoppedAtVerb = false;
        for (; i < tokens.Count; i++)
        {
            string lower = tokens[i].ToLowerInvariant();
            if (EverydayVerbs.Contains(lower))
            {
                stoppedAtVerb = true;
                break;
            }

            if (TermAnalyzer.Terms(lower).Count == 0 || Pronouns.Contains(lower))
            {
                break;
            }

            run.Add(tokens[i]);
        }

        if (!stoppedAtVerb && run.Count > 0)
        {
            run.RemoveAt(run.Count - 1);
        }

        if (run.Count == 0 || run.Count > 2 || run.Any(w => w.Any(char.IsUpper) || w.Any(char.IsDigit)))
        {
            return null;
        }

        List<string> restrictive = run.Where(w => !PeopleInGeneral.Contains(w.ToLowerInvariant())).ToList();
        return restrictive.Count == 0 ? null : restrictive;
    }

    private static readonly HashSet<string> Auxiliaries = new(StringComparer.Ordinal)
    {
        "can", "could", "may", "might", "must", "should", "shall", "will", "would", "do", "does", "did",
    };

    private static readonly HashSet<string> Articles = new(StringComparer.Ordinal) { "a", "an", "the", "our", "their", "all", "any" };

    private static readonly HashSet<string> Pronouns = new(StringComparer.Ordinal)
    {
        "i", "we", "you", "they", "he", "she", "it", "there", "this", "that", "these", "those", "my", "your", "his", "her", "its", "not",
        "i'm", "i've", "we're", "you're", "they're",
    };

    /// <summary>Verbs a question's subject often comes before, at which the run of subject words stops ("do contractors get").</summary>
    private static readonly HashSet<string> EverydayVerbs = new(StringComparer.Ordinal)
    {
        "get", "gets", "have", "has", "need", "needs", "be", "take", "takes", "use", "uses", "do", "make", "keep", "earn", "pay", "receive",
    };

    /// <summary>Words for people in general, or for the reader's own standing, which a handbook's "you" covers.</summary>
    private static readonly HashSet<string> PeopleInGeneral = new(StringComparer.Ordinal)
    {
        "employee", "employees", "staff", "staffer", "staffers", "people", "person", "persons", "someone", "somebody", "anyone", "anybody",
        "everyone", "everybody", "individual", "individuals", "worker", "workers", "user", "users", "member", "members", "colleague",
        "colleagues", "coworker", "coworkers", "co-worker", "co-workers", "teammate", "teammates", "folks", "new", "current", "federal",
        "fed", "feds", "government", "regular", "typical", "average", "full-time", "fulltime", "one",
    };

    /// <summary>The reader addressed: "you", "your", "yourself".</summary>
    [GeneratedRegex(@"\b(?:you|your|yours|yourself)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SpeaksToReader();
}
