using Compliant.AI.Text;

namespace Compliant.AI;

/// <summary>
/// Turns text into index terms for lexical retrieval: Unicode-aware tokenization, lower-casing, diacritic folding,
/// English possessive removal, English stop words and the Porter stemmer.
/// </summary>
/// <remarks>
/// <para>
/// Tokens are maximal runs of letters, digits and combining marks (an apostrophe between letters stays inside a
/// token); Han, Hiragana, Katakana and Hangul characters are one token each. Tokens longer than
/// <see cref="MaxTokenLength"/> characters are dropped (they are identifiers, hashes or garbage, not words).
/// The stop words and the stemmer match the English analyzer of Lucene/Elasticsearch, which the BEIR BM25 baselines use.
/// </para>
/// <para>Instances are immutable and thread-safe.</para>
/// </remarks>
public sealed class EnglishAnalyzer
{
    /// <summary>The longest token kept, in characters.</summary>
    public const int MaxTokenLength = IndexTokenizer.MaxTokenLength;

    /// <summary>Initializes a new instance of the <see cref="EnglishAnalyzer"/> class.</summary>
    /// <param name="removeStopWords">Whether to drop English stop words.</param>
    /// <param name="stem">Whether to apply the Porter stemmer.</param>
    public EnglishAnalyzer(bool removeStopWords = true, bool stem = true)
    {
        RemoveStopWords = removeStopWords;
        UseStemmer = stem;
    }

    /// <summary>Gets the default analyzer: stop words removed, Porter stemming on.</summary>
    public static EnglishAnalyzer Default { get; } = new();

    /// <summary>Gets a value indicating whether English stop words are dropped.</summary>
    public bool RemoveStopWords { get; }

    /// <summary>Gets a value indicating whether the Porter stemmer is applied.</summary>
    public bool UseStemmer { get; }

    /// <summary>Returns the index terms of a text, in order (duplicates kept).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The terms.</returns>
    public IReadOnlyList<string> Analyze(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = new List<string>();
        Analyze(text, term => terms.Add(term.ToString()));
        return terms;
    }

    /// <summary>Returns the Porter stem of a lower-case word (other words are returned unchanged).</summary>
    /// <param name="word">The word.</param>
    /// <returns>The stem.</returns>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return PorterStemmer.Stem(word);
    }

    /// <summary>Calls <paramref name="handler"/> with each index term of <paramref name="text"/>, in order.</summary>
    internal void Analyze(ReadOnlySpan<char> text, IndexTermHandler handler) =>
        IndexTokenizer.Analyze(text, RemoveStopWords, UseStemmer, handler);
}
