using System.Text.RegularExpressions;

namespace Compliant.AI;

/// <summary>The query side of the evidence gate: what of a question counts as its content.</summary>
public sealed partial class InMemoryBm25Index
{
    // Words that shape a question but name no topic: question words, pronouns, auxiliaries, contractions, the
    // general English function words Lucene's short stop list keeps (prepositions, quantifiers, adverbs), light verbs of
    // conversation ("ask", "take", "give", "find out") and time deixis ("last", "ago"). A general list, not one fitted to
    // any corpus. Matched after analysis (stemmed), so "does", "asked" and "finding" match too.
    private static readonly string[] QuestionWordList =
    [
        // question words
        "how", "what", "whats", "when", "where", "who", "whom", "whose", "which", "why", "whether",

        // auxiliaries and modals
        "do", "does", "did", "done", "doing", "can", "could", "should", "would", "may", "might", "must", "shall",
        "am", "been", "being", "were", "have", "has", "had", "having",

        // pronouns
        "i", "im", "ive", "me", "my", "mine", "myself", "we", "our", "ours", "us", "ourselves", "you", "your", "yours",
        "he", "she", "him", "her", "his", "hers", "them", "its", "themselves", "those", "someone", "somebody",
        "anyone", "anybody", "everyone", "everybody", "something", "anything", "everything", "nothing",

        // contractions, apostrophes removed
        "cant", "cannot", "dont", "doesnt", "didnt", "wont", "isnt", "arent", "wasnt", "werent", "shouldnt", "couldnt",
        "wouldnt", "youre", "theyre", "weve", "theyve", "youve",

        // function words Lucene's list keeps
        "about", "above", "across", "after", "again", "against", "all", "along", "also", "among", "any", "around", "before",
        "below", "between", "both", "down", "during", "each", "either", "else", "even", "ever", "every", "few", "from", "here",
        "just", "more", "most", "much", "many", "neither", "nor", "off", "once", "only", "other", "out", "over", "own",
        "same", "several", "so", "some", "than", "that", "through", "too", "under", "until", "up", "upon", "very", "via", "while",
        "within", "without", "yet", "still", "really", "actually", "exactly", "ok", "okay", "hi", "hello", "thanks", "please",

        // light verbs of conversation
        "get", "gets", "got", "getting", "need", "needs", "needed", "want", "wants", "know", "tell", "told", "say", "said",
        "ask", "asked", "give", "given", "take", "taken", "put", "go", "goes", "going", "went", "gone", "come", "make",
        "made", "let", "see", "look", "find", "found", "try", "think", "mean", "happen", "happened", "start", "started",

        // time deixis
        "last", "ago", "today", "yesterday", "tomorrow", "now", "recently", "currently", "already", "soon",
    ];

    private static readonly Lazy<HashSet<string>> QuestionWords = new(() =>
    {
        var analyzer = new EnglishAnalyzer(removeStopWords: false);
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (string word in QuestionWordList)
        {
            set.UnionWith(analyzer.Analyze(word));
        }

        return set;
    });

    /// <summary>Returns the query's terms with their frequencies, leaving out what is not the question's content.</summary>
    /// <remarks>
    /// Out go redaction placeholders (<c>&lt;PERSON_1&gt;</c>), e-mail addresses and SSN- or phone-shaped numbers
    /// (personal data says nothing about which policy answers), the measure word of "how long/many/much/often/soon"
    /// and, when <see cref="Bm25Options.IgnoreQuestionWords"/> is set, question and pronoun words ("what", "do", "we").
    /// </remarks>
    internal Dictionary<string, int> AnalyzeQuery(string query)
    {
        string content = Placeholder().Replace(query, " ");
        content = Email().Replace(content, " ");
        content = IdentifierNumber().Replace(content, " ");
        bool ignoreQuestionWords = _options.IgnoreQuestionWords;
        if (ignoreQuestionWords)
        {
            content = QuestionMeasure().Replace(content, " ");
        }

        HashSet<string>? questionWords = ignoreQuestionWords ? QuestionWords.Value : null;
        var queryTerms = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = queryTerms.GetAlternateLookup<ReadOnlySpan<char>>();
        _analyzer.Analyze(content, term =>
        {
            if (questionWords is not null && questionWords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(term))
            {
                return;
            }

            lookup[term] = lookup.TryGetValue(term, out int n) ? n + 1 : 1;
        });
        return queryTerms;
    }

    // The weight of a vocabulary alternative's words in the BM25 score, relative to a word of the question.
    private const float AlternativeWeight = 0.5f;

    /// <summary>Analyzes <see cref="Bm25Options.QueryVocabulary"/>: each single-word key's term to its phrase's terms.</summary>
    private static Dictionary<string, string[]> BuildVocabulary(IDictionary<string, string> vocabulary, EnglishAnalyzer analyzer)
    {
        var analyzed = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> entry in vocabulary)
        {
            if (string.IsNullOrWhiteSpace(entry.Key) || string.IsNullOrWhiteSpace(entry.Value))
            {
                continue;
            }

            IReadOnlyList<string> key = analyzer.Analyze(entry.Key);
            string[] phrase = [.. analyzer.Analyze(entry.Value).Distinct(StringComparer.Ordinal)];
            if (key.Count == 1 && phrase.Length > 0 && !phrase.Contains(key[0], StringComparer.Ordinal))
            {
                analyzed[key[0]] = phrase;
            }
        }

        return analyzed;
    }

    /// <summary>Returns the term ids of the vocabulary phrase for a query term when every word of it is indexed; call under the read lock.</summary>
    private int[]? KnownAlternative(string term)
    {
        if (!_vocabulary.TryGetValue(term, out string[]? phrase))
        {
            return null;
        }

        int[] ids = new int[phrase.Length];
        for (int i = 0; i < phrase.Length; i++)
        {
            if (!_termIds.TryGetValue(phrase[i], out ids[i]) || _postings[ids[i]].LiveDf == 0)
            {
                return null;
            }
        }

        return ids;
    }

    [GeneratedRegex(@"<[A-Z][A-Z0-9_]{0,40}(?::[A-Za-z0-9:_-]{0,80})?>", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9][A-Za-z0-9\-]*(?:\.[A-Za-z0-9\-]+)+", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"(?<![\w$])(?:\d{3}[- .]\d{2}[- .]\d{4}|\(?\d{3}\)?[- .]?\d{3}[- .]\d{4}|\d{9,})(?![\w])", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierNumber();

    [GeneratedRegex(@"\bhow\s+(?:long|many|much|often|soon|far|quickly|frequently|old)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex QuestionMeasure();
}
