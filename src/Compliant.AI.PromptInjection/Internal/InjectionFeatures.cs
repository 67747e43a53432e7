namespace Compliant.AI.PromptInjection.Internal;

/// <summary>Hashed word and character n-gram features of folded text, shared by the detector and the training program.</summary>
/// <remarks>
/// Word unigrams and bigrams (words are runs of letters and digits), the first word, how the text ends (question mark,
/// colon, other punctuation), and character 3- to 5-grams over the words with
/// one space between them, each hashed (FNV-1a, a different seed per kind) into <see cref="Buckets"/> buckets. The
/// feature vector is the bucket counts divided by the square root of the number of features, so a score is a sum of
/// weights. Linear in the text length; allocates nothing.
/// </remarks>
internal static class InjectionFeatures
{
    public const int BucketBits = 18;
    public const int Buckets = 1 << BucketBits;
    private const uint Prime = 16777619;
    private const uint WordSeed = 2166136261;
    private const uint BigramSeed = 0x9747b28c;
    private const uint CharSeed = 0x5bd1e995;
    private const uint FirstWordSeed = 0x27d4eb2f;
    private const uint EndSeed = 0x165667b1;

    /// <summary>Calls <paramref name="visit"/> for each feature's bucket; returns the number of features.</summary>
    public static int Visit<TVisitor>(ReadOnlySpan<char> folded, ref TVisitor visit)
        where TVisitor : struct, IFeatureVisitor
    {
        int count = 0;
        uint previousWord = 0;
        bool hasPrevious = false;

        // Character n-grams run over a virtual stream: words separated by one space, with a leading space.
        uint h1 = 0, h2 = 0, h3 = 0, h4 = 0;
        int streamLength = 0;
        int i = 0;
        Emit(' ', ref visit, ref count, ref h1, ref h2, ref h3, ref h4, ref streamLength);
        while (i < folded.Length)
        {
            if (!IsWordChar(folded[i]))
            {
                i++;
                continue;
            }

            int start = i;
            uint word = WordSeed;
            while (i < folded.Length && IsWordChar(folded[i]))
            {
                word = (word ^ folded[i]) * Prime;
                Emit(folded[i], ref visit, ref count, ref h1, ref h2, ref h3, ref h4, ref streamLength);
                i++;
            }

            Emit(' ', ref visit, ref count, ref h1, ref h2, ref h3, ref h4, ref streamLength);
            if (i - start > 40)
            {
                // Very long runs (hashes, payloads) carry no word meaning.
                hasPrevious = false;
                continue;
            }

            visit.Visit(Bucket(word));
            count++;
            if (!hasPrevious && start == FirstWordStart(folded))
            {
                // The first word of the text (or segment): requests start with a verb or a question word.
                visit.Visit(Bucket((word ^ FirstWordSeed) * Prime));
                count++;
            }

            if (hasPrevious)
            {
                visit.Visit(Bucket(((previousWord * 31) ^ word ^ BigramSeed) * Prime));
                count++;
            }

            previousWord = word;
            hasPrevious = true;
        }

        // How the text ends: a question mark, a colon, other punctuation, or a letter.
        char last = LastVisible(folded);
        visit.Visit(Bucket((last switch { '?' => 1u, ':' => 2u, '.' or '!' => 3u, _ => 4u } ^ EndSeed) * Prime));
        count++;
        return count;
    }

    private static int FirstWordStart(ReadOnlySpan<char> folded)
    {
        for (int i = 0; i < folded.Length; i++)
        {
            if (IsWordChar(folded[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static char LastVisible(ReadOnlySpan<char> folded)
    {
        for (int i = folded.Length - 1; i >= 0; i--)
        {
            if (!char.IsWhiteSpace(folded[i]) && folded[i] is not ('"' or '\'' or ')'))
            {
                return folded[i];
            }
        }

        return ' ';
    }

    private static void Emit<TVisitor>(char c, ref TVisitor visit, ref int count, ref uint h1, ref uint h2, ref uint h3, ref uint h4, ref int streamLength)
        where TVisitor : struct, IFeatureVisitor
    {
        // h4 holds the hash of the last 4 chars before c, h3 of the last 3, h2 of the last 2, h1 of the last one.
        uint n5 = (h4 ^ c) * Prime;
        uint n4 = (h3 ^ c) * Prime;
        uint n3 = (h2 ^ c) * Prime;
        uint n2 = (h1 ^ c) * Prime;
        uint n1 = (CharSeed ^ c) * Prime;
        streamLength++;
        if (streamLength >= 3)
        {
            visit.Visit(Bucket(n3 ^ 3));
            count++;
        }

        if (streamLength >= 4)
        {
            visit.Visit(Bucket(n4 ^ 4));
            count++;
        }

        if (streamLength >= 5)
        {
            visit.Visit(Bucket(n5 ^ 5));
            count++;
        }

        h4 = n4;
        h3 = n3;
        h2 = n2;
        h1 = n1;
    }

    private static int Bucket(uint hash)
    {
        hash ^= hash >> 15;
        hash *= 0x2c1b3c6d;
        hash ^= hash >> 12;
        return (int)(hash & (Buckets - 1));
    }

    private static bool IsWordChar(char c) => c is >= 'a' and <= 'z' or >= '0' and <= '9' || (c > 127 && char.IsLetterOrDigit(c));
}
