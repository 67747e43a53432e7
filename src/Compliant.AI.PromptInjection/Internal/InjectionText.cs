using System.Buffers;
using System.Globalization;
using System.Text;

namespace Compliant.AI.PromptInjection.Internal;

/// <summary>Folds text into the form signatures and the model read: lower case, one space, invisible tricks removed.</summary>
/// <remarks>
/// With Unicode folding on: compatibility decomposition (full-width, mathematical and circled forms become ASCII),
/// combining marks dropped (so <c>ü</c> reads <c>u</c>), format and control characters dropped (zero-width characters,
/// bidi controls, tag characters, soft hyphen), Cyrillic and Greek look-alikes mapped to Latin inside a token that
/// also holds a Latin letter. Always: lower case (invariant), runs of spaces and tabs become one space, line breaks
/// stay (documents are segmented on them). Linear in the text length.
/// </remarks>
internal static class InjectionText
{
    /// <summary>Folds <paramref name="text"/>; <paramref name="obfuscated"/> tells whether folding removed or mapped a character that hides words.</summary>
    public static string Fold(string text, bool foldUnicode, out bool obfuscated)
    {
        obfuscated = false;
        string source = text;
        if (foldUnicode && !System.Text.Ascii.IsValid(text))
        {
            try
            {
                source = text.Normalize(NormalizationForm.FormKD);
            }
            catch (ArgumentException)
            {
                // Lone surrogates: fold what can be folded, char by char.
                source = text;
            }
        }

        // The folded text is never longer than its source: write it into one pooled buffer (a StringBuilder's per-character
        // appends were a fifth of the detector's time on benign text).
        char[] rented = ArrayPool<char>.Shared.Rent(Math.Max(1, source.Length));
        try
        {
            Span<char> output = rented.AsSpan(0, source.Length);
            int length = 0;
            bool pendingSpace = false;
            int tokenStart = 0;
            bool tokenHasLatin = false;
            bool tokenHasLookAlike = false;
            for (int i = 0; i < source.Length; i++)
            {
                char c = source[i];
                if (c is ' ' or '\t' or '\u00A0' || (foldUnicode && c > 127 && char.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator))
                {
                    EndToken(output[Math.Min(tokenStart, length)..length], ref tokenHasLatin, ref tokenHasLookAlike, ref obfuscated);
                    pendingSpace = length > 0;
                    tokenStart = length + (pendingSpace ? 1 : 0);
                    continue;
                }

                if (c is '\n' or '\r' or '\u2028' or '\u2029')
                {
                    EndToken(output[Math.Min(tokenStart, length)..length], ref tokenHasLatin, ref tokenHasLookAlike, ref obfuscated);
                    pendingSpace = false;
                    if (length > 0 && output[length - 1] != '\n')
                    {
                        output[length++] = '\n';
                    }

                    tokenStart = length;
                    continue;
                }

                if (foldUnicode && c > 127)
                {
                    UnicodeCategory category = char.GetUnicodeCategory(source, i);
                    if (category is UnicodeCategory.Format or UnicodeCategory.Control or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
                        or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
                    {
                        // Marks left by decomposition are accents; everything else dropped here hides words.
                        if (category is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark))
                        {
                            obfuscated = true;
                        }

                        if (char.IsHighSurrogate(c) && i + 1 < source.Length && char.IsLowSurrogate(source[i + 1]))
                        {
                            i++;
                        }

                        continue;
                    }

                    if (char.IsSurrogate(c))
                    {
                        continue;
                    }
                }
                else if (c < 32)
                {
                    continue;
                }

                if (pendingSpace)
                {
                    output[length++] = ' ';
                    pendingSpace = false;
                }

                char lower = c <= 127 ? (char)(c is >= 'A' and <= 'Z' ? c | 0x20 : c) : char.ToLowerInvariant(c);
                if (foldUnicode && lower > 127 && LookAlike(lower) != '\0')
                {
                    tokenHasLookAlike = true;
                }
                else if (lower is >= 'a' and <= 'z')
                {
                    tokenHasLatin = true;
                }

                output[length++] = lower;
            }

            EndToken(output[Math.Min(tokenStart, length)..length], ref tokenHasLatin, ref tokenHasLookAlike, ref obfuscated);
            return new string(output[..length]);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static void EndToken(Span<char> token, ref bool latin, ref bool lookAlike, ref bool obfuscated)
    {
        if (latin && lookAlike)
        {
            for (int j = 0; j < token.Length; j++)
            {
                if (token[j] > 127 && LookAlike(token[j]) is var mapped and not '\0')
                {
                    token[j] = mapped;
                }
            }

            obfuscated = true;
        }

        latin = false;
        lookAlike = false;
    }

    /// <summary>Undoes leetspeak inside tokens that hold a letter (<c>1gn0r3</c> → <c>ignore</c>); returns null when nothing changed.</summary>
    public static string? UndoLeetspeak(string folded)
    {
        // Only tokens holding a leet character can change: jump from one to the next with a vectorized search and judge
        // just the token around it (a token is a run of characters other than space and line break).
        ReadOnlySpan<char> text = folded;
        char[]? result = null;
        int i = 0;
        while (i < text.Length)
        {
            int hit = text[i..].IndexOfAny(LeetCharacters);
            if (hit < 0)
            {
                break;
            }

            hit += i;
            int start = text[..hit].LastIndexOfAny(' ', '\n') + 1;
            int end = text[hit..].IndexOfAny(' ', '\n');
            end = end < 0 ? text.Length : hit + end;
            ReadOnlySpan<char> token = text[start..end];
            if (token.ContainsAnyInRange('a', 'z'))
            {
                result ??= folded.ToCharArray();
                for (int j = start; j < end; j++)
                {
                    // A trailing '!' or '1' after letters is punctuation more often than an 'i'.
                    if (Leet(folded[j]) is var mapped and not '\0' && !(folded[j] == '!' && (j + 1 == end)))
                    {
                        result[j] = mapped;
                    }
                }
            }

            i = end;
        }

        return result is null ? null : new string(result);
    }

    /// <summary>
    /// Joins runs of three or more single letters separated by one space, dot, dash, underscore or asterisk
    /// (<c>i g n o r e</c> → <c>ignore</c>); returns the joined runs only, or null when there are none.
    /// </summary>
    public static string? JoinSpacedLetters(string folded)
    {
        StringBuilder? runs = null;
        int i = 0;
        while (i < folded.Length)
        {
            if (!IsWordChar(folded[i]) || (i > 0 && IsWordChar(folded[i - 1])) || i + 1 >= folded.Length || IsWordChar(folded[i + 1]))
            {
                i++;
                continue;
            }

            // folded[i] is a single letter; follow the run.
            var run = new StringBuilder();
            int j = i;
            int letters = 0;
            while (j < folded.Length && IsWordChar(folded[j]) && (j + 1 >= folded.Length || !IsWordChar(folded[j + 1])))
            {
                run.Append(folded[j]);
                letters++;
                int k = j + 1;
                int separators = 0;
                while (k < folded.Length && folded[k] is ' ' or '.' or '-' or '_' or '*' or '/' && separators < 3)
                {
                    separators++;
                    k++;
                }

                if (separators == 0 || k >= folded.Length || !IsWordChar(folded[k]) || (k + 1 < folded.Length && IsWordChar(folded[k + 1])))
                {
                    j = k;
                    break;
                }

                if (separators > 1 || folded[k - 1] == '/')
                {
                    run.Append(' ');
                }

                j = k;
            }

            if (letters >= 3)
            {
                runs ??= new StringBuilder();
                runs.Append(run).Append('\n');
            }

            i = Math.Max(j, i + 1);
        }

        return runs?.ToString();
    }

    private static bool IsWordChar(char c) => c is >= 'a' and <= 'z' or >= '0' and <= '9' || (c > 127 && char.IsLetter(c));

    private static readonly SearchValues<char> LeetCharacters = SearchValues.Create("013457@$!|");

    private static char Leet(char c) => c switch
    {
        '0' => 'o',
        '1' => 'i',
        '3' => 'e',
        '4' => 'a',
        '5' => 's',
        '7' => 't',
        '@' => 'a',
        '$' => 's',
        '!' => 'i',
        '|' => 'l',
        _ => '\0',
    };

    private static char LookAlike(char c) => c switch
    {
        'а' => 'a', 'е' => 'e', 'о' => 'o', 'р' => 'p', 'с' => 'c', 'у' => 'y', 'х' => 'x', 'і' => 'i', 'ј' => 'j',
        'ѕ' => 's', 'ԁ' => 'd', 'ԛ' => 'q', 'ԝ' => 'w', 'һ' => 'h', 'ӏ' => 'l', 'к' => 'k', 'м' => 'm', 'т' => 't', 'в' => 'b', 'н' => 'h',
        'ο' => 'o', 'α' => 'a', 'ε' => 'e', 'ι' => 'i', 'κ' => 'k', 'ν' => 'v', 'ρ' => 'p', 'τ' => 't', 'υ' => 'u', 'χ' => 'x',
        'ɡ' => 'g', 'ı' => 'i', 'ɑ' => 'a',
        _ => '\0',
    };
}
