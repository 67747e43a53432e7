namespace Compliant.AI.Text;

/// <summary>
/// Turns text into content terms for lexical comparison: lower-cased letter/digit runs, English stop words
/// (<see cref="StopWords.Content"/>) removed, the <see cref="LightStemmer"/> applied, each term reduced to a 64-bit
/// <see cref="TermHash"/> so no strings are allocated. Used by grounding and the extractive model.
/// </summary>
/// <remarks>Deterministic and culture-invariant. Hash collisions are possible in theory (64-bit FNV-1a) and harmless here.</remarks>
internal static class TermAnalyzer
{
    private const int MaxTermLength = 48;

    private static readonly HashSet<ulong> ContentStopWords = BuildStopWords();

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

            if (hasLetter && ContentStopWords.Contains(TermHash.Of(term)))
            {
                continue;
            }

            if (hasLetter)
            {
                term = LightStemmer.Stem(term);
            }

            onTerm(ref state, TermHash.Of(term));
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

    private static HashSet<ulong> BuildStopWords()
    {
        var set = new HashSet<ulong>(StopWords.Content.Length);
        foreach (string word in StopWords.Content)
        {
            set.Add(TermHash.Of(word));
        }

        return set;
    }
}

/// <summary>Receives one term hash.</summary>
internal delegate void TermCallback<TState>(ref TState state, ulong term);
