namespace Compliant.AI.Grounding.Internal;

/// <summary>
/// Turns text into content terms for lexical comparison: lower-cased letter/digit runs, English stop words removed, a
/// light suffix-stripping stem applied, each term reduced to a 64-bit hash so no strings are allocated.
/// </summary>
/// <remarks>Deterministic and culture-invariant. Hash collisions are possible in theory (64-bit FNV-1a) and harmless here.</remarks>
internal static class TermAnalyzer
{
    private const int MaxTermLength = 48;

    private static readonly HashSet<ulong> StopWords = BuildStopWords();

    /// <summary>Calls <paramref name="onTerm"/> for each content term of <paramref name="text"/>, in order.</summary>
    public static void ForEachTerm<TState>(ReadOnlySpan<char> text, ref TState state, TermCallback<TState> onTerm)
    {
        Span<char> buffer = stackalloc char[MaxTermLength];
        int i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetterOrDigit(text[i]))
            {
                i++;
                continue;
            }

            int length = 0;
            bool hasLetter = false;
            while (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                char c = text[i];
                hasLetter |= char.IsLetter(c);
                if (length < MaxTermLength)
                {
                    buffer[length++] = char.ToLowerInvariant(c);
                }

                i++;
            }

            Span<char> term = buffer[..length];
            if (hasLetter && length < 2)
            {
                continue;
            }

            if (hasLetter && StopWords.Contains(Hash(term)))
            {
                continue;
            }

            if (hasLetter)
            {
                term = Stem(term);
            }

            onTerm(ref state, Hash(term));
        }
    }

    /// <summary>Adds the content terms of <paramref name="text"/> to <paramref name="terms"/>.</summary>
    public static void AddTerms(ReadOnlySpan<char> text, HashSet<ulong> terms) =>
        ForEachTerm(text, ref terms, static (ref HashSet<ulong> set, ulong term) => set.Add(term));

    /// <summary>Returns the distinct content terms of <paramref name="text"/>.</summary>
    public static HashSet<ulong> Terms(ReadOnlySpan<char> text)
    {
        var terms = new HashSet<ulong>();
        AddTerms(text, terms);
        return terms;
    }

    /// <summary>Counts the words (letter/digit runs, stop words included) of <paramref name="text"/>.</summary>
    public static int CountWords(ReadOnlySpan<char> text)
    {
        int count = 0;
        bool inWord = false;
        foreach (char c in text)
        {
            bool isWordChar = char.IsLetterOrDigit(c);
            if (isWordChar && !inWord)
            {
                count++;
            }

            inWord = isWordChar;
        }

        return count;
    }

    /// <summary>A light English stemmer: strips common inflectional suffixes so "retained", "retains" and "retaining" meet.</summary>
    internal static Span<char> Stem(Span<char> w)
    {
        w = StripSuffix(w);

        // "store", "stored", "storing" and "stores" all meet at "stor".
        return w.Length > 3 && w[^1] == 'e' ? w[..^1] : w;
    }

    private static Span<char> StripSuffix(Span<char> w)
    {
        int n = w.Length;
        if (n > 4 && w.EndsWith("ies"))
        {
            w[n - 3] = 'y';
            return w[..(n - 2)];
        }

        if (n > 4 && w.EndsWith("sses"))
        {
            return w[..(n - 2)];
        }

        if (n > 5 && w.EndsWith("ing"))
        {
            return TrimDouble(w[..(n - 3)]);
        }

        if (n > 4 && w.EndsWith("ed") && !w.EndsWith("eed"))
        {
            return TrimDouble(w[..(n - 2)]);
        }

        if (n > 3 && w[n - 1] == 's' && w[n - 2] is not 's' and not 'u' and not 'i')
        {
            return w[..(n - 1)];
        }

        return w;
    }

    internal static ulong Hash(ReadOnlySpan<char> term)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in term)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }

        return hash;
    }

    private static Span<char> TrimDouble(Span<char> w)
    {
        // "submitted" -> "submitt" -> "submit"; keep "ll"/"ss" words such as "called" -> "call".
        int n = w.Length;
        if (n > 3 && w[n - 1] == w[n - 2] && w[n - 1] is not 'l' and not 's' and not 'z' && !char.IsDigit(w[n - 1]))
        {
            return w[..(n - 1)];
        }

        return w;
    }

    private static HashSet<ulong> BuildStopWords()
    {
        string[] words =
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

        var set = new HashSet<ulong>(words.Length);
        foreach (string word in words)
        {
            set.Add(Hash(word));
        }

        return set;
    }
}

/// <summary>Receives one term hash.</summary>
internal delegate void TermCallback<TState>(ref TState state, ulong term);
