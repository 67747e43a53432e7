using System.Collections.Frozen;

namespace Compliant.AI.Retrieval.Internal;

/// <summary>The classic English stop-word list of Lucene's and Elasticsearch's English analyzers (33 words).</summary>
internal static class StopWords
{
    public static readonly FrozenSet<string> English = new[]
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not",
        "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was",
        "will", "with",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> EnglishLookup =
        English.GetAlternateLookup<ReadOnlySpan<char>>();
}
