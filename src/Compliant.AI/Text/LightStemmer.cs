namespace Compliant.AI.Text;

/// <summary>
/// A light English stemmer: strips common inflectional suffixes (plural, past tense, progressive) so "retained",
/// "retains" and "retaining" meet, and drops a final 'e' so "store" and "stored" meet.
/// </summary>
/// <remarks>
/// Lighter than <see cref="PorterStemmer"/>: it leaves derivational suffixes alone ("retention" stays apart from
/// "retain"), which keeps the grounding check from matching words of different meaning. Works in place on lower-case text.
/// </remarks>
internal static class LightStemmer
{
    /// <summary>Stems <paramref name="w"/> in place and returns the stem, a prefix of <paramref name="w"/>.</summary>
    public static Span<char> Stem(Span<char> w)
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
}
