using System.Collections.Frozen;

namespace Compliant.AI.Pii.Internal;

/// <summary>
/// Finds which of a recognizer's context words occur around a candidate, with the result of calling
/// <see cref="ContextWindow.ContainsWord"/> for each word in order, at the cost of one pass over the window.
/// </summary>
/// <remarks>
/// A context word made only of letters and digits occurs as a whole word exactly when some maximal run of letters and
/// digits of the searched text equals it ignoring case (the same length: ordinal case-insensitive comparison maps
/// character to character), so the runs are looked up in a set. Other words ("e-mail", "ss#", "nhs number") are
/// searched for one by one.
/// </remarks>
internal sealed class ContextWordMatcher
{
    private readonly FrozenSet<string> _simple;
    private readonly bool[] _isSimple;

    public ContextWordMatcher(IReadOnlyList<string> words)
    {
        Words = words;
        _isSimple = new bool[words.Count];
        var simple = new List<string>();
        for (int i = 0; i < words.Count; i++)
        {
            string w = words[i];
            bool plain = w.Length > 0;
            foreach (char c in w)
            {
                plain &= char.IsLetterOrDigit(c);
            }

            _isSimple[i] = plain;
            if (plain)
            {
                simple.Add(w);
            }
        }

        _simple = simple.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Gets the context words, in order.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>The words that occur in <c>text[before..start]</c> or <c>text[end..after]</c>, in order; <see langword="null"/> when none.</summary>
    public List<string>? Find(string text, int before, int start, int end, int after)
    {
        HashSet<string>? present = null;
        if (_simple.Count > 0)
        {
            FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> lookup = _simple.GetAlternateLookup<ReadOnlySpan<char>>();
            Collect(text.AsSpan(before, start - before), lookup, ref present);
            Collect(text.AsSpan(end, after - end), lookup, ref present);
        }

        List<string>? found = null;
        for (int i = 0; i < Words.Count; i++)
        {
            string word = Words[i];
            bool hit = _isSimple[i]
                ? present is not null && present.Contains(word)
                : ContextWindow.ContainsWord(text, before, start, word) || ContextWindow.ContainsWord(text, end, after, word);
            if (hit)
            {
                (found ??= []).Add(word);
            }
        }

        return found;
    }

    private static void Collect(ReadOnlySpan<char> window, FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> lookup, ref HashSet<string>? present)
    {
        int i = 0;
        while (i < window.Length)
        {
            if (!char.IsLetterOrDigit(window[i]))
            {
                i++;
                continue;
            }

            int s = i;
            while (i < window.Length && char.IsLetterOrDigit(window[i]))
            {
                i++;
            }

            if (lookup.TryGetValue(window[s..i], out string? word))
            {
                (present ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(word);
            }
        }
    }
}
