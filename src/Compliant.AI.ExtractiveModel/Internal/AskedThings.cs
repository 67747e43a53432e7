using System.Text.RegularExpressions;
using Compliant.AI.Text;

namespace Compliant.AI.ExtractiveModel.Internal;

/// <summary>
/// Finds the near miss where the answer covers the question's topic but not the thing it asks about: "How many days do we
/// have to notify our cyber insurance carrier after a breach?" answered with the breach-notice deadline for individuals.
/// The question's asking sentence names its things as runs of content words ("cyber insurance carrier", "breach"); an
/// answer must say at least one word of each, in the same words or in words as similar as a synonym, or it answers a
/// neighbouring question.
/// </summary>
internal static partial class AskedThings
{
    /// <summary>
    /// Returns the first thing the asking sentence of <paramref name="question"/> names that the sources do not: a name (a
    /// capitalized word inside the sentence, an acronym) or a phrase of two or more content words, no word of which any
    /// retrieved unit has (<paramref name="retrieved"/>), and which <paramref name="units"/> (the answer's units of its
    /// first document) neither spell out (an acronym by the initials of their words) nor say in words at least
    /// <paramref name="paraphraseSimilarity"/> similar (with a semantic scorer). <see langword="null"/> when there is none.
    /// </summary>
    public static async ValueTask<string?> ForeignThingAsync(
        string question, IReadOnlyList<SentenceSelector.Candidate> units, Func<ulong, bool> retrieved, SemanticScorer? semantic, double paraphraseSimilarity, CancellationToken cancellationToken)
    {
        var texts = units.Select(u => u.Context is null ? u.Text : $"{u.Context} {u.Text}").ToList();
        List<Thing> foreign = Things(AskingSentence(question))
            .Where(t => (t.Named || t.Words.Count >= 2) && !t.Words.Any(w => retrieved(w.Term) || units.Any(u => u.Covers(w.Term))))
            .Where(t => !t.Words.Any(w => IsAcronym(w.Word) && texts.Any(x => SpellsOut(x, w.Word))))
            .ToList();
        if (foreign.Count == 0)
        {
            return null;
        }

        if (semantic is not null && paraphraseSimilarity < 1)
        {
            List<string> sourceWords = UnitWords.Distinct(texts);

            if (sourceWords.Count > 0)
            {
                List<string> askedWords = foreign.SelectMany(t => t.Words.Select(w => w.Word.ToLowerInvariant())).Distinct(StringComparer.Ordinal).ToList();
                double[] best = await semantic.BestMatchesAsync(askedWords, sourceWords, cancellationToken).ConfigureAwait(false);
                var said = new HashSet<string>(askedWords.Where((_, i) => best[i] >= paraphraseSimilarity), StringComparer.Ordinal);
                foreign.RemoveAll(t => t.Words.Any(w => said.Contains(w.Word.ToLowerInvariant())));
            }
        }

        return foreign.Count == 0 ? null : string.Join(' ', foreign[0].Words.Select(w => w.Word));
    }

    /// <summary>
    /// Returns the word of the measured thing of a "how many hours of overtime" question that the answer's units neither
    /// say nor say in a word at least <paramref name="paraphraseSimilarity"/> similar; <see langword="null"/> when every word is said.
    /// </summary>
    public static async ValueTask<string?> UnsaidMeasuredThingAsync(
        string question, IReadOnlyList<SentenceSelector.Candidate> units, SemanticScorer semantic, double paraphraseSimilarity, CancellationToken cancellationToken)
    {
        string asking = AskingSentence(question);
        Match measured = MeasuredOf().Match(asking);
        if (!measured.Success)
        {
            return null;
        }

        List<Thing> things = Things(asking[(measured.Index + measured.Length)..]);
        if (things.Count == 0)
        {
            return null;
        }

        // A participle describes the asker's hours ("saved leave", "donated leave"), it names no kind: only the other words count.
        List<string> unsaid = things[0].Words.Where(w => !w.Word.EndsWith("ed", StringComparison.OrdinalIgnoreCase) && !units.Any(u => u.Covers(w.Term))).Select(w => w.Word.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
        if (unsaid.Count == 0)
        {
            return null;
        }

        List<string> sourceWords = UnitWords.Distinct(units.Select(u => u.Context is null ? u.Text : $"{u.Context} {u.Text}"));
        if (sourceWords.Count > 0 && paraphraseSimilarity < 1)
        {
            double[] best = await semantic.BestMatchesAsync(unsaid, sourceWords, cancellationToken).ConfigureAwait(false);
            unsaid = unsaid.Where((_, i) => best[i] < paraphraseSimilarity).ToList();
        }

        return unsaid.Count == 0 ? null : unsaid[0];
    }

    [GeneratedRegex(@"\bhow\s+(?:many|much)\s+(?:minutes|hours|days|weeks|months|years)\s+of\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MeasuredOf();

    /// <summary>
    /// An acronym has three or more capital letters ("FBI", "ePHI", "GDPR"); two-letter ones ("ID", "HR", "IT") are everyday
    /// words.
    /// </summary>
    private static bool IsAcronym(string word) => word.Count(char.IsUpper) >= 3;

    /// <summary>Returns whether consecutive words of <paramref name="text"/> start with the letters of <paramref name="acronym"/> ("electronic protected health information" for "ePHI").</summary>
    private static bool SpellsOut(string text, string acronym)
    {
        string letters = new(acronym.Where(char.IsLetter).Select(char.ToLowerInvariant).ToArray());
        List<char> initials = UnitWords.Word().Matches(text).Select(m => char.ToLowerInvariant(m.Value[0])).ToList();
        for (int i = 0; i + letters.Length <= initials.Count; i++)
        {
            int n = 0;
            while (n < letters.Length && initials[i + n] == letters[n])
            {
                n++;
            }

            if (n == letters.Length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A run of content words the question names; <see cref="Named"/> when one is a name (capitalized inside the sentence, or an acronym).</summary>
    private sealed record Thing(List<(ulong Term, string Word)> Words)
    {
        public bool Named { get; set; }
    }

    /// <summary>The sentence that asks: the last one ending with a question mark, else the last sentence.</summary>
    internal static string AskingSentence(string question)
    {
        string[] sentences = SentenceEnd().Split(question.Trim());
        string? asking = sentences.LastOrDefault(s => s.TrimEnd().EndsWith('?'));
        return asking ?? sentences[^1];
    }

    /// <summary>
    /// The runs of content words of a sentence: words between stop, question, pronoun and measure words and punctuation. A
    /// word right after "to", a modal, an auxiliary or a subject pronoun is a verb and ends a run without joining it.
    /// </summary>
    private static List<Thing> Things(string sentence)
    {
        var things = new List<Thing>();
        Thing? run = null;
        string? before = null;
        int lastEnd = -1;
        string cleaned = UnitWords.Placeholder().Replace(sentence, " . ");

        // "What should an organization weigh when ...", "which places count as ...": the subject of the asking clause (after
        // its auxiliary, or after "which"/"what" itself) runs on into the main verb, which names no thing.
        Match opening = SubjectOpening().Match(cleaned);
        int subjectFrom = opening.Success ? opening.Index + opening.Length : -1;
        Thing? subject = null;
        string? afterSubject = null;
        foreach (Match match in UnitWords.Word().Matches(cleaned))
        {
            string word = match.Value.ToLowerInvariant();
            bool sentenceStart = lastEnd < 0;
            bool adjacent = lastEnd >= 0 && cleaned.AsSpan(lastEnd, match.Index - lastEnd).Trim().IsEmpty;
            lastEnd = match.Index + match.Length;
            bool verb = (before is not null && VerbCues.Contains(before)) || Gerund(word);
            before = word;
            ulong? term = Content(word);
            if (term is null || verb || !adjacent)
            {
                if (run is not null && run == subject && afterSubject is null)
                {
                    afterSubject = adjacent ? word : ".";
                }

                run = null;
            }

            if (term is null || verb)
            {
                continue;
            }

            if (run is null)
            {
                run = new Thing([]);
                things.Add(run);
                if (subjectFrom >= 0 && subject is null && match.Index >= subjectFrom)
                {
                    subject = run;
                }
            }

            run.Words.Add((term.Value, match.Value));
            run.Named |= IsAcronym(match.Value) || (!sentenceStart && char.IsUpper(match.Value[0]));
        }

        // A subject followed by an auxiliary ("which security measures should ...") has not reached its verb yet.
        if (subject is { Words.Count: >= 2 } && (afterSubject is null || !Auxiliaries.Contains(afterSubject)))
        {
            subject.Words.RemoveAt(subject.Words.Count - 1);
        }

        return things;
    }

    private static ulong? Content(string word)
    {
        if (!word.Any(char.IsLetter) || word.Any(char.IsDigit) || NotThings.Contains(word))
        {
            return null;
        }

        HashSet<ulong> terms = TermAnalyzer.Terms(word);
        return terms.Count == 1 ? PolicyVocabulary.Fold(terms.First()) : null;
    }

    /// <summary>
    /// A word ending in "-ing" or "-ed" is a verb form: it names an action or a state ("after submitting", "the updated
    /// version"), not a thing.
    /// </summary>
    private static bool Gerund(string word) =>
        word.Length > 5 && (word.EndsWith("ing", StringComparison.Ordinal) || word.EndsWith("ed", StringComparison.Ordinal));

    /// <summary>
    /// Words after which the next word is a verb or a participle: "to", forms of "be" and "have", negations and subject
    /// pronouns ("to donate", "is considered", "have banked", "I get"). Not modals: in a question they come before the subject
    /// ("does NASA allow").
    /// </summary>
    private static readonly HashSet<string> VerbCues = new(StringComparer.Ordinal)
    {
        "to", "not", "never", "be", "been", "being", "is", "are", "was", "were", "am", "have", "has", "had",
        "i", "we", "you", "they", "he", "she", "it", "who", "i've", "we've", "you've", "they've", "i'd", "we'd", "i'll", "we'll",
        "can't", "cannot", "won't", "don't", "doesn't", "didn't", "haven't", "hasn't", "isn't", "aren't", "shouldn't", "wouldn't",
    };

    /// <summary>Words that shape a question, point or measure, never name what it asks about.</summary>
    private static readonly HashSet<string> NotThings = new(StringComparer.Ordinal)
    {
        "how", "what", "what's", "whats", "when", "where", "who", "whom", "whose", "which", "why", "whether", "much", "many", "long",
        "often", "far", "soon", "quickly", "can", "could", "may", "might", "must", "shall", "should", "would", "will", "do", "does",
        "did", "is", "are", "am", "be", "have", "has", "had", "get", "got", "need", "i", "i'm", "me", "my", "we", "our", "us",
        "you", "your", "he", "she", "his", "her", "they", "their", "them", "its", "each", "every", "any", "all", "some", "more",
        "most", "less", "least", "other", "another", "same", "such", "maximum", "minimum", "total", "up", "per", "ok", "okay",
        "allowed", "permitted", "required", "mandatory", "eligible", "entitled", "able", "deadline", "limit", "number", "amount",
        "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years", "time",
        "period", "periods", "first", "next", "last", "new", "old", "usually", "really", "actually", "exactly", "still", "ever",
        "please", "anyone", "someone", "something", "anything", "there", "here", "own", "back", "ahead", "extra", "additional",
        "i've", "we've", "you've", "they've", "i'd", "we'd", "i'll", "we'll", "we're", "you're", "they're", "it's", "that's",
    };

    [GeneratedRegex(@"(?<=[.?!])\s+", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceEnd();

    /// <summary>
    /// Where the asking clause's subject starts (at the sentence's start or after a comma: "Apart from ..., which"): after the
    /// auxiliary a question for the object puts before it ("what should", "which records must", "who do"), or right after
    /// "which"/"what" when a word other than an auxiliary follows it.
    /// </summary>
    [GeneratedRegex(@"(?:^|[,;:])\s*(?:(?:what|which|who|whom)(?:\s+[a-z'-]+){0,3}?\s+(?:should|must|do|does|did|can|could|may|might|will|would|shall)\b|(?:which|what)\b(?=\s+(?!(?:should|must|do|does|did|can|could|may|might|will|would|shall|is|are|was|were|has|have|had)\b)[a-z]))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SubjectOpening();

    /// <summary>Words that follow a subject before its verb: auxiliaries and modals.</summary>
    private static readonly HashSet<string> Auxiliaries = new(StringComparer.Ordinal)
    {
        "should", "must", "do", "does", "did", "can", "could", "may", "might", "will", "would", "shall", "is", "are", "was", "were",
        "be", "has", "have", "had", "need", "needs",
    };


}
