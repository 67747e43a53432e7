namespace Compliant.AI.Pii.Internal;

/// <summary>Finds the words around a span and looks for context words in them (bounded: at most 24 characters per word).</summary>
internal static class ContextWindow
{
    private const int MaxCharsPerWord = 24;

    public static (int Before, int After) Find(string text, int start, int end, int words)
    {
        int limit = Math.Max(0, start - (words * MaxCharsPerWord));
        int i = start;
        for (int w = 0; w < words && i > limit; w++)
        {
            while (i > limit && !char.IsLetterOrDigit(text[i - 1]))
            {
                i--;
            }

            while (i > limit && char.IsLetterOrDigit(text[i - 1]))
            {
                i--;
            }
        }

        int upper = Math.Min(text.Length, end + (words * MaxCharsPerWord));
        int j = end;
        for (int w = 0; w < words && j < upper; w++)
        {
            while (j < upper && !char.IsLetterOrDigit(text[j]))
            {
                j++;
            }

            while (j < upper && char.IsLetterOrDigit(text[j]))
            {
                j++;
            }
        }

        return (i, j);
    }

    /// <summary>Whether <paramref name="word"/> occurs in <c>text[from..to]</c> as a whole word, case-insensitively.</summary>
    public static bool ContainsWord(string text, int from, int to, string word)
    {
        if (to - from < word.Length)
        {
            return false;
        }

        ReadOnlySpan<char> window = text.AsSpan(from, to - from);
        int offset = 0;
        while (true)
        {
            int k = window[offset..].IndexOf(word, StringComparison.OrdinalIgnoreCase);
            if (k < 0)
            {
                return false;
            }

            int s = offset + k, e = s + word.Length;
            bool leftOk = s == 0 || !char.IsLetterOrDigit(window[s - 1]) || !char.IsLetterOrDigit(word[0]);
            bool rightOk = e == window.Length || !char.IsLetterOrDigit(window[e]) || !char.IsLetterOrDigit(word[^1]);
            if (leftOk && rightOk)
            {
                return true;
            }

            offset = s + 1;
        }
    }
}
