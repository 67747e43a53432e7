using System.Text.RegularExpressions;

namespace Compliant.AI;

/// <summary>The query side of the evidence gate: what of a question counts as its content.</summary>
public sealed partial class InMemoryBm25Index
{
    // Words that shape a question but name no topic. Matched after analysis (stemmed), so "does" and "needed" match too.
    private static readonly string[] QuestionWordList =
    [
        "how", "what", "whats", "when", "where", "who", "whom", "whose", "which", "why", "whether",
        "do", "does", "did", "done", "doing", "can", "could", "should", "would", "may", "might", "must", "shall",
        "i", "im", "ive", "me", "my", "mine", "myself", "we", "our", "ours", "us", "you", "your", "yours",
        "he", "she", "him", "her", "his", "hers", "them", "its",
        "am", "been", "being", "have", "has", "had", "having", "get", "gets", "got", "getting",
        "need", "needs", "needed", "want", "wants", "know", "tell", "please", "anyone", "someone", "somebody", "anybody",
        "any", "some", "also", "just", "still", "ok", "okay", "hi", "hello", "thanks",
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

    [GeneratedRegex(@"<[A-Z][A-Z0-9_]{0,40}(?::[A-Za-z0-9:_-]{0,80})?>", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9][A-Za-z0-9\-]*(?:\.[A-Za-z0-9\-]+)+", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"(?<![\w$])(?:\d{3}[- .]\d{2}[- .]\d{4}|\(?\d{3}\)?[- .]?\d{3}[- .]\d{4}|\d{9,})(?![\w])", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierNumber();

    [GeneratedRegex(@"\bhow\s+(?:long|many|much|often|soon|far|quickly|frequently|old)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex QuestionMeasure();
}
