using System.Collections.Frozen;
using Compliant.AI.Text;

namespace Compliant.AI.Pii.Internal;

/// <summary>
/// A set of short cue phrases ("grew up in", "seen at", "my name is", "where:") matched on word tokens: one hash
/// look-up of the token's word, then a comparison of at most a few preceding tokens. Case-insensitive; the words of a
/// phrase must be separated by spaces only. A phrase ending in ':' also needs the colon right after its last word.
/// Much cheaper than a whole-text regular expression with many alternatives.
/// </summary>
internal sealed class CuePhrases<TKind>
{
    private const int MaxWord = 24;

    // Last word → (phrases of one word; second-to-last word → longer phrases, longest first).
    private readonly FrozenDictionary<string, Entry> _byLastWord;

    public CuePhrases(IEnumerable<(string Phrase, TKind Kind)> phrases)
    {
        var map = new Dictionary<string, (List<(bool, TKind)> Single, Dictionary<string, List<(string[], bool, TKind)>> ByPrevious)>(StringComparer.OrdinalIgnoreCase);
        foreach ((string phrase, TKind kind) in phrases)
        {
            bool colon = phrase.EndsWith(':');
            string[] words = phrase.TrimEnd(':').Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Normalize).ToArray();
            if (!map.TryGetValue(words[^1], out var entry))
            {
                map[words[^1]] = entry = ([], new Dictionary<string, List<(string[], bool, TKind)>>(StringComparer.OrdinalIgnoreCase));
            }

            if (words.Length == 1)
            {
                entry.Single.Add((colon, kind));
                continue;
            }

            if (!entry.ByPrevious.TryGetValue(words[^2], out var list))
            {
                entry.ByPrevious[words[^2]] = list = [];
            }

            // The words before the last two, nearest first.
            list.Add((words[..^2].Reverse().ToArray(), colon, kind));
        }

        _byLastWord = map.ToFrozenDictionary(
            static p => p.Key,
            static p => new Entry(
                [.. p.Value.Single],
                p.Value.ByPrevious.ToFrozenDictionary(static q => q.Key, static q => q.Value.OrderByDescending(static x => x.Item1.Length).ToArray(), StringComparer.OrdinalIgnoreCase)),
            StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Whether a phrase ends with token <paramref name="last"/>; returns its kind (the longest phrase wins).</summary>
    public bool EndsAt(string text, List<WordToken> tokens, int last, out TKind kind)
    {
        kind = default!;
        WordToken t = tokens[last];
        Span<char> buffer = stackalloc char[MaxWord];
        if (t.Length > MaxWord || !_byLastWord.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(Apostrophe(text.AsSpan(t.Start, t.Length), buffer), out Entry? entry))
        {
            return false;
        }

        bool colonAfter = t.End < text.Length && text[t.End] == ':';
        if (entry.ByPrevious.Count > 0 && last > 0 && tokens[last - 1].Length <= MaxWord && SpacesOnly(text, tokens[last - 1].End, t.Start) &&
            entry.ByPrevious.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(Apostrophe(text.AsSpan(tokens[last - 1].Start, tokens[last - 1].Length), buffer), out var candidates))
        {
            foreach ((string[] before, bool colon, TKind k) in candidates)
            {
                if (colon && !colonAfter)
                {
                    continue;
                }

                bool match = true;
                int index = last - 1;
                for (int w = 0; w < before.Length && match; w++)
                {
                    index--;
                    match = index >= 0 && tokens[index].Length <= MaxWord && SpacesOnly(text, tokens[index].End, tokens[index + 1].Start) &&
                        Apostrophe(text.AsSpan(tokens[index].Start, tokens[index].Length), buffer).Equals(before[w], StringComparison.OrdinalIgnoreCase);
                }

                if (match)
                {
                    kind = k;
                    return true;
                }
            }
        }

        foreach ((bool colon, TKind k) in entry.Single)
        {
            if (!colon || colonAfter)
            {
                kind = k;
                return true;
            }
        }

        return false;
    }

    private sealed record Entry((bool Colon, TKind Kind)[] Single, FrozenDictionary<string, (string[] Before, bool Colon, TKind Kind)[]> ByPrevious);

    private static bool SpacesOnly(string text, int from, int to)
    {
        if (to - from is < 1 or > 3)
        {
            return false;
        }

        for (int i = from; i < to; i++)
        {
            if (text[i] != ' ')
            {
                return false;
            }
        }

        return true;
    }

    private static string Normalize(string word) => word.Replace('\u2019', '\'');

    /// <summary>Folds a typographic apostrophe into ASCII (<c>I’m</c> → <c>I'm</c>) without allocating.</summary>
    private static ReadOnlySpan<char> Apostrophe(ReadOnlySpan<char> word, Span<char> buffer)
    {
        if (word.IndexOf('\u2019') < 0)
        {
            return word;
        }

        word.CopyTo(buffer);
        buffer[..word.Length].Replace('\u2019', '\'');
        return buffer[..word.Length];
    }
}
