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
    private readonly FrozenDictionary<string, int> _simple;
    private readonly int[] _ids;
    private readonly bool _hasOther;
    private readonly int _minLength;
    private readonly int _maxLength;
    private readonly bool[] _initials = new bool[128];

    public ContextWordMatcher(IReadOnlyList<string> words)
    {
        Words = words;
        _ids = new int[words.Count];
        var simple = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < words.Count; i++)
        {
            string w = words[i];
            bool plain = w.Length > 0;
            foreach (char c in w)
            {
                plain &= char.IsLetterOrDigit(c);
            }

            // Words equal ignoring case share an id.
            _ids[i] = !plain ? -1 : simple.TryGetValue(w, out int id) ? id : simple[w] = simple.Count;
            _hasOther |= !plain;
        }

        // Cheap rejections before a look-up: the length range, and the first letter of all-ASCII words.
        _minLength = int.MaxValue;
        foreach (string w in simple.Keys)
        {
            _minLength = Math.Min(_minLength, w.Length);
            _maxLength = Math.Max(_maxLength, w.Length);
            if (w[0] < 128)
            {
                _initials[char.ToLowerInvariant(w[0])] = true;
                _initials[char.ToUpperInvariant(w[0])] = true;
            }
            else
            {
                Array.Fill(_initials, true);
            }
        }

        _simple = simple.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Gets the context words, in order.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>The words that occur in <c>text[before..start]</c> or <c>text[end..after]</c>, in order; <see langword="null"/> when none.</summary>
    public List<string>? Find(string text, int before, int start, int end, int after)
    {
        Span<bool> present = _simple.Count <= 256 ? stackalloc bool[_simple.Count] : new bool[_simple.Count];
        bool any = false;
        if (_simple.Count > 0)
        {
            FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup = _simple.GetAlternateLookup<ReadOnlySpan<char>>();
            any |= Collect(text.AsSpan(before, start - before), lookup, present);
            any |= Collect(text.AsSpan(end, after - end), lookup, present);
        }

        if (!any && !_hasOther)
        {
            return null;
        }

        List<string>? found = null;
        for (int i = 0; i < Words.Count; i++)
        {
            string word = Words[i];
            int id = _ids[i];
            bool hit = id >= 0
                ? any && present[id]
                : ContextWindow.ContainsWord(text, before, start, word) || ContextWindow.ContainsWord(text, end, after, word);
            if (hit)
            {
                (found ??= []).Add(word);
            }
        }

        return found;
    }

    private bool Collect(ReadOnlySpan<char> window, FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup, Span<bool> present)
    {
        bool any = false;
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

            int length = i - s;
            char first = window[s];
            if (length >= _minLength && length <= _maxLength && (first >= 128 || _initials[first]) && lookup.TryGetValue(window[s..i], out int id))
            {
                present[id] = true;
                any = true;
            }
        }

        return any;
    }
}
