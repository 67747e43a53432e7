using Compliant.AI.Text;

namespace Compliant.AI.Pii.Internal;

/// <summary>
/// The words a text also writes in lower case ("due", "leave", "mobile"). A capitalized word whose lower-case form
/// the same text uses as an ordinary word is a common word that was capitalized by position (a heading, a sentence
/// or list start, Title Case), not a name: real names keep their capital everywhere.
/// </summary>
internal sealed class LowercaseWords
{
    private readonly HashSet<string> _words;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    private LowercaseWords(string text, List<WordToken> tokens)
    {
        _words = new HashSet<string>(StringComparer.Ordinal);
        foreach (WordToken t in tokens)
        {
            if (!t.Capitalized && char.IsLower(text[t.Start]) && Standalone(text, t))
            {
                _words.Add(text.Substring(t.Start, t.Length));
            }
        }

        _lookup = _words.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>
    /// A word on its own, not a part of an e-mail address, a URL, a file or user name ("susan.williams@example.com",
    /// "john_doe", "/people/maria"): those are written in lower case whatever they name.
    /// </summary>
    private static bool Standalone(string text, WordToken t)
    {
        char before = t.Start > 0 ? text[t.Start - 1] : ' ';
        char after = t.End < text.Length ? text[t.End] : ' ';
        char afterNext = t.End + 1 < text.Length ? text[t.End + 1] : ' ';
        return !(before is '.' or '@' or '_' or '/' or '\\' or '=' or '#' or '-' || char.IsLetterOrDigit(before) ||
                 after is '@' or '_' or '/' or '\\' or '=' || char.IsDigit(after) || (after is '.' or '-' && char.IsLetterOrDigit(afterNext)));
    }

    /// <summary>The lower-case words of <paramref name="text"/>, shared during a detection like its tokens.</summary>
    public static LowercaseWords Of(string text) => ScanCache.Lowercase(text, static (t, tokens) => new LowercaseWords(t, tokens));

    /// <summary>Whether the text contains <paramref name="word"/> written all in lower case, as a whole word.</summary>
    public bool Contains(ReadOnlySpan<char> word)
    {
        if (word.Length is 0 or > 64 || _words.Count == 0)
        {
            return false;
        }

        Span<char> lower = stackalloc char[word.Length];
        word.ToLowerInvariant(lower);
        return _lookup.Contains(lower);
    }
}
