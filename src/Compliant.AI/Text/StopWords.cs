using System.Collections.Frozen;

namespace Compliant.AI.Text;

/// <summary>The English stop-word lists of the text kit: a short one for retrieval and a longer one for content terms.</summary>
internal static class StopWords
{
    /// <summary>The classic English stop-word list of Lucene's and Elasticsearch's English analyzers (33 words), used for index terms.</summary>
    public static readonly FrozenSet<string> Index = new[]
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not",
        "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was",
        "will", "with",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>A span look-up into <see cref="Index"/>.</summary>
    public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> IndexLookup =
        Index.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// The longer list dropped from content terms (<see cref="TermAnalyzer"/>): function words, pronouns, modal verbs and
    /// the fragments left by splitting contractions at the apostrophe.
    /// </summary>
    public static readonly string[] Content =
    [
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do",
        "does", "doing", "down", "during", "each", "either", "etc", "few", "for", "from", "further", "had", "has", "have",
        "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is",
        "it", "its", "itself", "just", "may", "me", "might", "more", "most", "must", "my", "myself", "no", "nor", "not",
        "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "per", "same",
        "shall", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves",
        "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "upon", "us",
        "very", "via", "was", "we", "were", "what", "when", "where", "whether", "which", "while", "who", "whom", "whose",
        "why", "will", "with", "within", "without", "would", "you", "your", "yours", "yourself", "yourselves",
        "s", "t", "don", "doesn", "isn", "aren", "wasn", "weren", "won", "cannot", "according",
    ];
}
