using Compliant.AI.Text;

namespace Compliant.AI.Pii.Internal;

/// <summary>
/// What one word token says about a possible name, on its own or from the characters right around it: whether it
/// can be part of a name at all, whether it is a plain (non-name) word, a possessive, the start of a sentence or of a
/// heading. Pure functions of the text; used by <see cref="PersonRecognizer"/> and its parts.
/// </summary>
internal static class NameTokens
{
    /// <summary>A capitalized word that may belong to a name ("Maria", "O'Brien", "Amanda's", "OKAFOR"), not "I'm", "Max.gov" or "DAS28".</summary>
    public static bool IsNameLike(string text, WordToken t)
    {
        if (!t.Capitalized)
        {
            return false;
        }

        // "Max.gov", "Login.gov": a word glued to a domain or file name is not a name.
        if (t.End + 1 < text.Length && text[t.End] == '.' && char.IsLower(text[t.End + 1]))
        {
            return false;
        }

        // "I'm", "Don't", "It's" are not names; "O'Brien", "D'Angelo" and "Amanda's" may be.
        int apostrophe = text.AsSpan(t.Start, t.Length).IndexOfAny('\'', '\u2019');
        if (apostrophe > 0 && !(apostrophe == t.Length - 2 && text[t.End - 1] == 's') &&
            !(apostrophe == 1 && text[t.Start] is 'O' or 'D' or 'L' && char.IsUpper(text[t.Start + 2])))
        {
            return false;
        }

        if (t.AllCaps)
        {
            // Acronyms (CHA2DS2-VASc, DAS28) are not names: an all-caps word needs four letters and the gazetteer.
            ReadOnlySpan<char> w = t.Word(text);
            return w.Length >= 4 && (Gazetteer.IsGivenName(w) || Gazetteer.IsSurname(w));
        }

        return true;
    }

    /// <summary>A word the gazetteer knows is not a name ("Patient", "Monday"); an initial never is.</summary>
    public static bool IsPlain(string text, WordToken t) => !t.Initial && Gazetteer.IsNotName(t.Word(text));

    /// <summary>"Amanda's", "Amanda’s": the token ends in a possessive 's.</summary>
    public static bool Possessive(string text, WordToken t) =>
        t.Length > 2 && text[t.End - 1] == 's' && text[t.End - 2] is '\'' or '\u2019';

    /// <summary>Whether the word at <paramref name="start"/> opens a sentence or a line (quotes and brackets before it allowed).</summary>
    public static bool SentenceStart(string text, int start)
    {
        int k = start - 1;
        while (k >= 0 && text[k] is ' ' or '\t' or '"' or '\'' or '(')
        {
            k--;
        }

        return k < 0 || text[k] is '.' or '!' or '?' or '\n' or ':';
    }

    /// <summary>Whether <paramref name="start"/> is the first word of a Markdown heading ("## Due diligence").</summary>
    public static bool HeadingStart(string text, int start)
    {
        int k = start - 1;
        while (k >= 0 && text[k] is ' ' or '\t')
        {
            k--;
        }

        if (k < 0 || text[k] != '#')
        {
            return false;
        }

        while (k >= 0 && text[k] == '#')
        {
            k--;
        }

        while (k >= 0 && text[k] is ' ' or '\t')
        {
            k--;
        }

        return k < 0 || text[k] == '\n';
    }

    /// <summary>Whether every word of the run is a known non-name, or a word the text also writes in lower case.</summary>
    public static bool AllCommon(string text, List<WordToken> tokens, int first, int last)
    {
        LowercaseWords? lower = null;
        for (int k = first; k <= last; k++)
        {
            WordToken t = tokens[k];
            if (t.Initial || !(IsPlain(text, t) || (lower ??= LowercaseWords.Of(text)).Contains(t.Word(text))))
            {
                return false;
            }
        }

        return true;
    }
}
