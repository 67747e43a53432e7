using System.Text.RegularExpressions;
using Compliant.AI.Grounding.Internal;
using Compliant.AI.Text;

namespace Compliant.AI.ExtractiveModel.Internal;

/// <summary>
/// Finds the near miss where a unit states a rule for another kind of the thing the question asks about: "You can carry over
/// a maximum of 240 annual leave hours" for "how many hours of sick leave can I carry over?", "colleagues can donate their
/// annual leave" for "can I donate sick leave?". Policy text names kinds by a word before the noun (annual, sick, court,
/// military leave; comp, credit, travel time; business, covered entity): when the question and the unit give the same noun
/// different such words, and the unit says the question's word nowhere (nor one as similar as a synonym), the unit answers a
/// neighbouring question, not this one.
/// </summary>
internal static partial class KindContrast
{
    /// <summary>
    /// Returns whether <paramref name="unit"/> names a noun of the question only as another kind of it than the question
    /// asks about: the question and the unit put different content words right before the same noun, and the unit (with
    /// its context) holds none of the question's words for that noun, in the same words or (with a semantic scorer) in
    /// words at least <paramref name="paraphraseSimilarity"/> similar.
    /// </summary>
    public static async ValueTask<bool> NamesAnotherKindAsync(
        string question, SentenceSelector.Candidate unit, IReadOnlyList<ParsedSource> sources, SemanticScorer? semantic, double paraphraseSimilarity, CancellationToken cancellationToken)
    {
        // A noun the question also says without a kind ("donated leave ... my leave balance") asks about the thing in
        // general: only a noun the question always gives a kind is compared.
        var bare = new HashSet<ulong>();
        Dictionary<ulong, List<(ulong Term, string Word)>> asked = Modifiers(question, bare);
        Dictionary<ulong, List<(ulong Term, string Word)>> askedAll = new(asked);
        foreach (ulong noun in bare)
        {
            asked.Remove(noun);
        }

        if (asked.Count == 0)
        {
            return false;
        }

        Dictionary<ulong, List<(ulong Term, string Word)>> stated = Modifiers(unit.Text);
        foreach ((ulong noun, List<(ulong Term, string Word)> askedKinds) in asked)
        {
            if (!stated.TryGetValue(noun, out List<(ulong Term, string Word)>? statedKinds))
            {
                continue;
            }

            // The unit says the question's kind somewhere (before this noun or elsewhere): it is about that kind.
            if (askedKinds.Any(k => unit.Covers(k.Term) || statedKinds.Any(s => s.Term == k.Term)))
            {
                continue;
            }

            // The unit's kind is one the question stacks before the noun: "a private Slack channel" is a private channel too,
            // though only "Slack" stands next to "channel".
            HashSet<ulong> stacked = Stacked(askedAll, noun);
            if (statedKinds.Any(s => stacked.Contains(s.Term)))
            {
                continue;
            }

            // The question's kind must be one the sources know by that name ("sick leave" is written in the leave pages): a
            // word the sources never put before the noun is the asker's own description, not another kind.
            List<(ulong Term, string Word)> known = askedKinds.Where(k => sources.Any(s => Names(s.Text, noun, k.Term))).ToList();
            if (known.Count == 0)
            {
                continue;
            }

            // The same kind in other words ("remote work" for "telework") is no contrast.
            if (semantic is not null && paraphraseSimilarity < 1)
            {
                double[] best = await semantic.BestMatchesAsync(
                    askedKinds.Select(k => k.Word).ToList(), statedKinds.Select(s => s.Word).ToList(), cancellationToken).ConfigureAwait(false);
                if (best.Any(b => b >= paraphraseSimilarity))
                {
                    continue;
                }
            }

            return true;
        }

        return false;
    }

    /// <summary>
    /// The nouns <paramref name="question"/> always gives a kind ("award leave", never "leave" alone), each with the terms
    /// of the kinds it gives them.
    /// </summary>
    public static Dictionary<ulong, HashSet<ulong>> AskedKinds(string question)
    {
        var bare = new HashSet<ulong>();
        var kinds = new Dictionary<ulong, HashSet<ulong>>();
        foreach ((ulong noun, List<(ulong Term, string Word)> given) in Modifiers(question, bare))
        {
            if (!bare.Contains(noun))
            {
                kinds[noun] = new HashSet<ulong>(given.Select(static k => k.Term));
            }
        }

        return kinds;
    }

    /// <summary>
    /// The terms of the words <paramref name="text"/> puts right before a noun of <paramref name="askedKinds"/> that are
    /// not the question's kinds of it: in "240 annual leave hours", "annual" names another kind of the "award leave" asked
    /// about.
    /// </summary>
    public static HashSet<ulong> OtherKindTerms(Dictionary<ulong, HashSet<ulong>> askedKinds, string text)
    {
        var other = new HashSet<ulong>();
        if (askedKinds.Count == 0)
        {
            return other;
        }

        foreach ((ulong noun, List<(ulong Term, string Word)> stated) in Modifiers(text))
        {
            if (askedKinds.TryGetValue(noun, out HashSet<ulong>? asked))
            {
                other.UnionWith(stated.Select(static k => k.Term).Where(t => !asked.Contains(t)));
            }
        }

        return other;
    }

    /// <summary>
    /// The kinds the question stacks before <paramref name="noun"/>: the word next to it and, in turn, the words before
    /// that one ("private" and "Slack" in "private Slack channel").
    /// </summary>
    private static HashSet<ulong> Stacked(Dictionary<ulong, List<(ulong Term, string Word)>> modifiers, ulong noun)
    {
        var stacked = new HashSet<ulong>();
        var pending = new Stack<ulong>();
        pending.Push(noun);
        while (pending.Count > 0 && stacked.Count < 8)
        {
            if (modifiers.TryGetValue(pending.Pop(), out List<(ulong Term, string Word)>? kinds))
            {
                foreach ((ulong term, _) in kinds)
                {
                    if (term != noun && stacked.Add(term))
                    {
                        pending.Push(term);
                    }
                }
            }
        }

        return stacked;
    }

    private static bool Names(string text, ulong noun, ulong kind) =>
        Modifiers(text).TryGetValue(noun, out List<(ulong Term, string Word)>? kinds) && kinds.Any(k => k.Term == kind);

    /// <summary>
    /// The content words each noun of <paramref name="text"/> is given right before it ("sick leave" gives "leave" the word
    /// "sick"), by term. Question and pronoun words, measures, numbers and stop words are no kind; nor are measure nouns
    /// ("hours", "days") a noun whose kind is compared: "240 hours" and "13 days" count, they do not name kinds.
    /// </summary>
    private static Dictionary<ulong, List<(ulong Term, string Word)>> Modifiers(string text, HashSet<ulong>? bare = null)
    {
        var modifiers = new Dictionary<ulong, List<(ulong Term, string Word)>>();
        string? previous = null;
        ulong previousTerm = 0;
        string? verbCue = null;
        int lastEnd = -1;
        ulong? pendingBare = null;
        string cleaned = UnitWords.Placeholder().Replace(text, " . ");
        foreach (Match match in UnitWords.Word().Matches(cleaned))
        {
            string word = match.Value.ToLowerInvariant();

            // Words separated by punctuation ("leave, sick") are no phrase.
            bool adjacent = lastEnd >= 0 && IsSpaceOnly(cleaned, lastEnd, match.Index);
            lastEnd = match.Index + match.Length;
            ulong? term = ContentTerm(word);

            // A noun said without a kind is bare, unless a measure noun follows it: in "the next leave year" or "leave hours"
            // it names what the year or the hours are of, not the thing itself.
            if (pendingBare is ulong said && !(adjacent && IsMeasureNoun(word)))
            {
                bare?.Add(said);
            }

            pendingBare = term is ulong bareNoun && (previous is null || !adjacent) ? bareNoun : null;

            if (term is ulong noun && previous is not null && adjacent && !MeasureNouns.Contains(noun))
            {
                if (!modifiers.TryGetValue(noun, out List<(ulong Term, string Word)>? kinds))
                {
                    modifiers[noun] = kinds = [];
                }

                if (!kinds.Any(k => k.Term == previousTerm))
                {
                    kinds.Add((previousTerm, previous));
                }
            }

            // A word after "to", a modal or a subject pronoun is a verb ("to donate sick leave", "can I get software"): it
            // acts on the noun after it, it names no kind of it.
            previous = term is null || (verbCue is not null && VerbCues.Contains(verbCue)) ? null : word;
            previousTerm = term ?? 0;
            verbCue = word;
        }

        if (pendingBare is ulong last)
        {
            bare?.Add(last);
        }

        return modifiers;
    }

    private static bool IsMeasureNoun(string word)
    {
        HashSet<ulong> terms = TermAnalyzer.Terms(word);
        return terms.Count == 1 && MeasureNouns.Contains(PolicyVocabulary.Fold(terms.First()));
    }

    /// <summary>Words after which the next word is a verb: "to", modals, auxiliaries and subject pronouns.</summary>
    private static readonly HashSet<string> VerbCues = new(StringComparer.Ordinal)
    {
        "to", "can", "can't", "cannot", "could", "may", "might", "must", "shall", "should", "will", "would", "do", "does", "did",
        "don't", "doesn't", "not", "never", "be", "been", "being", "is", "are", "was", "were", "i", "we", "you", "they", "he", "she",
        "it", "who", "that", "which",
    };

    private static bool IsSpaceOnly(string text, int start, int end)
    {
        if (end > text.Length || start > end)
        {
            return false;
        }

        for (int i = start; i < end; i++)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The one folded term of a content word, or <see langword="null"/> for a stop, question, measure or number word.</summary>
    private static ulong? ContentTerm(string word)
    {
        // A word ending in "-ing" is a verb form ("from deleting messages"): it acts on the noun, it names no kind of it.
        if (!word.Any(char.IsLetter) || word.Any(char.IsDigit) || NotKinds.Contains(word) || (word.Length > 5 && word.EndsWith("ing", StringComparison.Ordinal)))
        {
            return null;
        }

        HashSet<ulong> terms = TermAnalyzer.Terms(word);
        if (terms.Count != 1)
        {
            return null;
        }

        ulong term = PolicyVocabulary.Fold(terms.First());
        return MeasureNouns.Contains(term) ? null : term;
    }

    /// <summary>Words that shape a question or quantify, never name a kind: "how many", "the maximum", "my", "each".</summary>
    private static readonly HashSet<string> NotKinds = new(StringComparer.Ordinal)
    {
        "how", "what", "what's", "whats", "when", "where", "who", "which", "why", "whether", "much", "many", "long", "often", "far",
        "can", "could", "may", "might", "must", "shall", "should", "would", "will", "do", "does", "did", "is", "are", "am", "be",
        "i", "i'm", "me", "my", "we", "our", "us", "you", "your", "he", "she", "his", "her", "they", "their", "them", "its",
        "each", "every", "any", "all", "some", "more", "most", "less", "least", "other", "another", "same", "such",
        "maximum", "minimum", "total", "up", "per",
        "first", "second", "third", "last", "next", "previous", "initial", "final", "new", "old", "current", "former", "whole",
    };

    /// <summary>Nouns of measure ("hours", "days", "years"): what they count is not compared as a kind.</summary>
    private static readonly HashSet<ulong> MeasureNouns = PolicyVocabulary.Fold(TermAnalyzer.Terms(
        "minute minutes hour hours day days week weeks month months year years time times period periods number amount"));


}
