using System.Globalization;
using System.Text;

namespace Compliant.AI.Text;

/// <summary>
/// Turns text into index terms for lexical retrieval: Unicode-aware tokenization, lower-casing, diacritic folding,
/// English possessive removal, optionally the <see cref="StopWords.Index"/> words dropped and the
/// <see cref="PorterStemmer"/> applied. The engine behind the public <c>EnglishAnalyzer</c> of the retrieval package.
/// </summary>
/// <remarks>
/// Tokens are maximal runs of letters, digits and combining marks (an apostrophe between letters stays inside a
/// token); Han, Hiragana, Katakana and Hangul characters are one token each. Tokens longer than
/// <see cref="MaxTokenLength"/> characters are dropped (they are identifiers, hashes or garbage, not words).
/// </remarks>
internal static class IndexTokenizer
{
    /// <summary>The longest token kept, in characters.</summary>
    public const int MaxTokenLength = 64;

    /// <summary>Calls <paramref name="handler"/> with each index term of <paramref name="text"/>, in order.</summary>
    /// <param name="text">The text.</param>
    /// <param name="removeStopWords">Whether to drop the <see cref="StopWords.Index"/> words.</param>
    /// <param name="stem">Whether to apply the <see cref="PorterStemmer"/>.</param>
    /// <param name="handler">Receives each term; the span is valid only during the call.</param>
    public static void Analyze(ReadOnlySpan<char> text, bool removeStopWords, bool stem, IndexTermHandler handler)
    {
        Span<char> buffer = stackalloc char[MaxTokenLength + 8];
        Span<char> single = stackalloc char[2];
        int length = 0;
        bool overflow = false;
        bool ascii = true;
        int i = 0;
        while (i < text.Length)
        {
            if (Rune.DecodeFromUtf16(text[i..], out Rune rune, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                rune = Rune.ReplacementChar;
                consumed = 1;
            }

            if (IsIdeographic(rune))
            {
                Emit(buffer, ref length, ref overflow, ref ascii, removeStopWords, stem, handler);
                int written = rune.EncodeToUtf16(single);
                handler(single[..written]);
                i += consumed;
                continue;
            }

            if (IsWordRune(rune))
            {
                Append(buffer, ref length, ref overflow, ref ascii, Rune.ToLowerInvariant(rune));
            }
            else if (IsApostrophe(rune) && length > 0 && i + consumed < text.Length && char.IsLetter(text[i + consumed]))
            {
                Append(buffer, ref length, ref overflow, ref ascii, new Rune('\''));
            }
            else
            {
                Emit(buffer, ref length, ref overflow, ref ascii, removeStopWords, stem, handler);
            }

            i += consumed;
        }

        Emit(buffer, ref length, ref overflow, ref ascii, removeStopWords, stem, handler);
    }

    private static bool IsApostrophe(Rune rune) => rune.Value is '\'' or '\u2019';

    private static bool IsWordRune(Rune rune)
    {
        if (Rune.IsLetterOrDigit(rune))
        {
            return true;
        }

        UnicodeCategory category = Rune.GetUnicodeCategory(rune);
        return category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
    }

    private static bool IsIdeographic(Rune rune) => rune.Value is
        (>= 0x3040 and <= 0x30FF) or // Hiragana, Katakana
        (>= 0x3400 and <= 0x4DBF) or // CJK Extension A
        (>= 0x4E00 and <= 0x9FFF) or // CJK Unified Ideographs
        (>= 0xAC00 and <= 0xD7AF) or // Hangul syllables
        (>= 0xF900 and <= 0xFAFF) or // CJK compatibility ideographs
        (>= 0x20000 and <= 0x2FA1F); // CJK extensions B-F, compatibility supplement

    private static void Append(Span<char> buffer, ref int length, ref bool overflow, ref bool ascii, Rune rune)
    {
        if (overflow)
        {
            return;
        }

        if (length + rune.Utf16SequenceLength > MaxTokenLength)
        {
            overflow = true;
            return;
        }

        if (!rune.IsAscii)
        {
            ascii = false;
        }

        length += rune.EncodeToUtf16(buffer[length..]);
    }

    private static void Emit(Span<char> buffer, ref int length, ref bool overflow, ref bool ascii, bool removeStopWords, bool stem, IndexTermHandler handler)
    {
        if (length == 0 || overflow)
        {
            length = 0;
            overflow = false;
            ascii = true;
            return;
        }

        Span<char> token = buffer[..length];
        length = 0;
        if (!ascii)
        {
            token = Fold(token, buffer);
        }

        ascii = true;

        // English possessive, then any inner apostrophes.
        if (token.Length > 2 && token[^2] == '\'' && token[^1] == 's')
        {
            token = token[..^2];
        }

        int w = 0;
        for (int r = 0; r < token.Length; r++)
        {
            if (token[r] != '\'')
            {
                token[w++] = token[r];
            }
        }

        token = token[..w];
        if (token.IsEmpty)
        {
            return;
        }

        if (removeStopWords && StopWords.IndexLookup.Contains(token))
        {
            return;
        }

        if (stem)
        {
            token = token[..PorterStemmer.Stem(token)];
        }

        handler(token);
    }

    // Removes diacritics (NFD, drop combining marks); the result never grows beyond the buffer.
    private static Span<char> Fold(Span<char> token, Span<char> buffer)
    {
        string decomposed = new string(token).Normalize(NormalizationForm.FormD);
        int w = 0;
        foreach (char c in decomposed)
        {
            UnicodeCategory category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            if (w >= MaxTokenLength)
            {
                break;
            }

            buffer[w++] = c;
        }

        return buffer[..w];
    }
}

/// <summary>Receives one index term.</summary>
/// <param name="term">The term; valid only during the call.</param>
internal delegate void IndexTermHandler(ReadOnlySpan<char> term);
