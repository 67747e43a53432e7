using System.Globalization;
using System.Text;
using Compliant.AI.Retrieval.Internal;

namespace Compliant.AI;

/// <summary>
/// Turns text into index terms for lexical retrieval: Unicode-aware tokenization, lower-casing, diacritic folding,
/// English possessive removal, English stop words and the Porter stemmer.
/// </summary>
/// <remarks>
/// <para>
/// Tokens are maximal runs of letters, digits and combining marks (an apostrophe between letters stays inside a
/// token); Han, Hiragana, Katakana and Hangul characters are one token each. Tokens longer than
/// <see cref="MaxTokenLength"/> characters are dropped (they are identifiers, hashes or garbage, not words).
/// The stop words and the stemmer match the English analyzer of Lucene/Elasticsearch, which the BEIR BM25 baselines use.
/// </para>
/// <para>Instances are immutable and thread-safe.</para>
/// </remarks>
public sealed class EnglishAnalyzer
{
    /// <summary>The longest token kept, in characters.</summary>
    public const int MaxTokenLength = 64;

    /// <summary>Initializes a new instance of the <see cref="EnglishAnalyzer"/> class.</summary>
    /// <param name="removeStopWords">Whether to drop English stop words.</param>
    /// <param name="stem">Whether to apply the Porter stemmer.</param>
    public EnglishAnalyzer(bool removeStopWords = true, bool stem = true)
    {
        RemoveStopWords = removeStopWords;
        UseStemmer = stem;
    }

    /// <summary>A term callback: receives each analyzed term.</summary>
    /// <param name="term">The term; valid only during the call.</param>
    internal delegate void TermHandler(ReadOnlySpan<char> term);

    /// <summary>Gets the default analyzer: stop words removed, Porter stemming on.</summary>
    public static EnglishAnalyzer Default { get; } = new();

    /// <summary>Gets a value indicating whether English stop words are dropped.</summary>
    public bool RemoveStopWords { get; }

    /// <summary>Gets a value indicating whether the Porter stemmer is applied.</summary>
    public bool UseStemmer { get; }

    /// <summary>Returns the index terms of a text, in order (duplicates kept).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The terms.</returns>
    public IReadOnlyList<string> Analyze(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = new List<string>();
        Analyze(text, term => terms.Add(term.ToString()));
        return terms;
    }

    /// <summary>Returns the Porter stem of a lower-case word (other words are returned unchanged).</summary>
    /// <param name="word">The word.</param>
    /// <returns>The stem.</returns>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return PorterStemmer.Stem(word);
    }

    internal void Analyze(ReadOnlySpan<char> text, TermHandler handler)
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
                Emit(buffer, ref length, ref overflow, ref ascii, handler);
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
                Emit(buffer, ref length, ref overflow, ref ascii, handler);
            }

            i += consumed;
        }

        Emit(buffer, ref length, ref overflow, ref ascii, handler);
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

    private void Emit(Span<char> buffer, ref int length, ref bool overflow, ref bool ascii, TermHandler handler)
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

        if (RemoveStopWords && StopWords.EnglishLookup.Contains(token))
        {
            return;
        }

        if (UseStemmer)
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
