using System.Buffers;
using System.Globalization;
using System.Text;

namespace Compliant.AI.Text;

/// <summary>
/// The text recognizers scan, with what hides an identifier from them folded away, and a map from each normalized
/// index back to the original index.
/// </summary>
/// <remarks>
/// <para>
/// Folding, per code point: format characters (<c>Cf</c>: zero-width characters, bidi controls, tag characters,
/// soft hyphen, BOM), control characters other than tab and line breaks (<c>Cc</c>, NUL included), lone surrogates,
/// private-use and unassigned code points, variation selectors, the combining grapheme joiner, Hangul fillers and
/// the braille blank are dropped; a combining mark (<c>Mn</c>, <c>Me</c>) on an ASCII base is dropped; decimal
/// digits of every script (<c>Nd</c>) become ASCII digits; spaces (<c>Zs</c>) become a space, except thin and hair
/// spaces between two digits, which are dropped; line and paragraph separators become a line feed; dashes
/// (<c>Pd</c>, minus sign) become '-'; full-width, mathematical, circled, superscript and small forms become their
/// ASCII compatibility equivalents; Cyrillic and Greek letters that look like Latin ones become those Latin letters,
/// but only inside a whitespace-delimited token that also holds an ASCII letter or digit or an '@' (a mixed-script
/// identifier), so Cyrillic and Greek prose is left as it is.
/// </para>
/// <para>
/// Built in linear time; when nothing folds, the original string is used and no map is allocated. A normalized
/// span maps back to the original span it came from, grown over the dropped characters right around it, so a
/// redaction of the span also removes the invisible characters that hid the identifier.
/// </para>
/// </remarks>
internal sealed class NormalizedText
{
    private const string NarrowSpaces = "\u2006\u2008\u2009\u200A\u202F\u205F";

    private readonly int[]? _map;

    private NormalizedText(string original, string text, int[]? map)
    {
        Original = original;
        Text = text;
        _map = map;
    }

    public string Original { get; }

    public string Text { get; }

    /// <summary>Gets the original index of each normalized character, plus the original length at the end; empty when nothing was folded.</summary>
    internal ReadOnlySpan<int> Map => _map;

    public static NormalizedText Create(string original, bool normalize)
    {
        if (!normalize || !NeedsNormalization(original))
        {
            return new NormalizedText(original, original, null);
        }

        var builder = new Builder(original.Length);
        try
        {
            bool changed = Fold(original, ref builder);
            return changed ? new NormalizedText(original, builder.ToText(), builder.ToMap(original.Length)) : new NormalizedText(original, original, null);
        }
        finally
        {
            builder.Dispose();
        }
    }

    /// <summary>Maps a span of the normalized text back to the original text, grown over the dropped characters around it.</summary>
    /// <param name="start">The normalized start.</param>
    /// <param name="end">The normalized end (exclusive).</param>
    /// <param name="minimumStart">The original index the span may not grow before (the end of the previous entity).</param>
    public (int Start, int End) ToOriginal(int start, int end, int minimumStart = 0)
    {
        if (_map is null)
        {
            return (start, end);
        }

        int n = _map.Length - 1;
        int s = _map[start];
        if (start == 0)
        {
            s = 0;
        }
        else if (_map[start - 1] != s)
        {
            // Grow back over characters dropped between the previous kept character and this one.
            s = Math.Min(s, _map[start - 1] + CodePointLength(_map[start - 1]));
        }

        s = Math.Max(s, Math.Min(minimumStart, _map[start]));

        int e;
        if (end > start && end < n && _map[end] == _map[end - 1])
        {
            // The span ends inside the expansion of one original character: take the whole character.
            e = _map[end - 1] + CodePointLength(_map[end - 1]);
        }
        else
        {
            // Grow forward over characters dropped between the last kept character and the next one.
            e = end > start ? _map[end] : s;
        }

        return (s, e);
    }

    private int CodePointLength(int originalIndex) =>
        originalIndex + 1 < Original.Length && char.IsHighSurrogate(Original[originalIndex]) && char.IsLowSurrogate(Original[originalIndex + 1]) ? 2 : 1;

    /// <summary>A cheap test: printable ASCII, tab and line breaks never fold, and neither do most Latin-1 letters and common punctuation.</summary>
    private static bool NeedsNormalization(string text)
    {
        ReadOnlySpan<char> span = text;
        int i = span.IndexOfAnyExceptInRange(' ', '~');
        if (i < 0)
        {
            return false;
        }

        for (; i < span.Length; i++)
        {
            char c = span[i];
            if ((c >= ' ' && c <= '~') || c is '\t' or '\n' or '\r')
            {
                continue;
            }

            if (c >= '\u00C0' && c <= '\u024F' && c is not ('\u00D7' or '\u00F7' or '\u0131'))
            {
                continue; // Latin-1 and Latin Extended letters
            }

            if (c is '\u2018' or '\u2019' or '\u201C' or '\u201D' or '\u2022' or '\u2026' or '\u00A9' or '\u00AE' or '\u00B0' or '\u20AC' or '\u00A3' or '\u00A7')
            {
                continue; // curly quotes, bullet, ellipsis, signs
            }

            return true;
        }

        return false;
    }

    /// <summary>Folds <paramref name="original"/> into <paramref name="builder"/>; returns whether anything changed.</summary>
    private static bool Fold(string original, ref Builder builder)
    {
        bool changed = false;
        int tokenEnd = -1;
        bool tokenMixed = false;
        char previous = '\0'; // the last character written, '\0' when none
        for (int i = 0; i < original.Length;)
        {
            char c = original[i];
            if (c < '\u0080')
            {
                if ((c < ' ' && c is not ('\t' or '\n' or '\r' or '\f' or '\v')) || c == '\u007F')
                {
                    changed = true; // NUL and other C0 controls
                }
                else
                {
                    builder.Append(c, i);
                    previous = c;
                }

                i++;
                continue;
            }

            int length = 1;
            Rune rune;
            if (char.IsHighSurrogate(c) && i + 1 < original.Length && char.IsLowSurrogate(original[i + 1]))
            {
                rune = new Rune(c, original[i + 1]);
                length = 2;
            }
            else if (char.IsSurrogate(c))
            {
                changed = true; // a lone surrogate
                i++;
                continue;
            }
            else
            {
                rune = new Rune(c);
            }

            int at = i;
            i += length;
            UnicodeCategory category = Rune.GetUnicodeCategory(rune);
            switch (category)
            {
                case UnicodeCategory.Format:
                case UnicodeCategory.PrivateUse:
                case UnicodeCategory.OtherNotAssigned:
                    changed = true;
                    continue;
                case UnicodeCategory.Control:
                    changed = true;
                    if (c == '\u0085')
                    {
                        builder.Append('\n', at);
                        previous = '\n';
                    }

                    continue;
                case UnicodeCategory.NonSpacingMark:
                case UnicodeCategory.EnclosingMark:
                    if (previous < '\u0080' || IsAlwaysDropped(rune.Value))
                    {
                        changed = true;
                        continue;
                    }

                    break;
                case UnicodeCategory.DecimalDigitNumber:
                    builder.Append((char)('0' + (int)Rune.GetNumericValue(rune)), at);
                    previous = '0';
                    changed = true;
                    continue;
                case UnicodeCategory.SpaceSeparator:
                    changed = true;
                    if (NarrowSpaces.Contains(c, StringComparison.Ordinal) && char.IsAsciiDigit(previous) && NextIsDigit(original, i))
                    {
                        continue; // a thin or hair space inside a number
                    }

                    builder.Append(' ', at);
                    previous = ' ';
                    continue;
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                    changed = true;
                    builder.Append('\n', at);
                    previous = '\n';
                    continue;
                case UnicodeCategory.DashPunctuation:
                    changed = true;
                    builder.Append('-', at);
                    previous = '-';
                    continue;
                default:
                    break;
            }

            if (IsAlwaysDropped(rune.Value))
            {
                changed = true;
                continue;
            }

            if (c == '\u2212')
            {
                changed = true;
                builder.Append('-', at);
                previous = '-';
                continue;
            }

            if (Homoglyph(c) is char latin and not '\0')
            {
                if (at >= tokenEnd)
                {
                    (tokenEnd, tokenMixed) = ScanToken(original, at);
                }

                if (tokenMixed)
                {
                    changed = true;
                    builder.Append(latin, at);
                    previous = latin;
                    continue;
                }
            }
            else if (IsCompatibilityBlock(rune.Value) && Compatibility(rune) is { } ascii)
            {
                changed = true;
                foreach (char a in ascii)
                {
                    builder.Append(a, at);
                }

                previous = ascii[^1];
                continue;
            }

            builder.Append(c, at);
            if (length == 2)
            {
                builder.Append(original[at + 1], at);
            }

            previous = original[i - 1];
        }

        return changed;
    }

    /// <summary>Whether the next character that is neither dropped nor another thin space is a digit.</summary>
    private static bool NextIsDigit(string text, int i)
    {
        while (i < text.Length)
        {
            Rune.DecodeFromUtf16(text.AsSpan(i), out Rune next, out int consumed);
            UnicodeCategory category = Rune.GetUnicodeCategory(next);
            if (category is UnicodeCategory.DecimalDigitNumber || next.Value is (>= 0x2460 and <= 0x249B))
            {
                return true;
            }

            bool dropped = category is UnicodeCategory.Format or UnicodeCategory.Control or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark || IsAlwaysDropped(next.Value)
                || NarrowSpaces.Contains(text[i], StringComparison.Ordinal);
            if (!dropped || (char.IsWhiteSpace(text[i]) && !NarrowSpaces.Contains(text[i], StringComparison.Ordinal)))
            {
                return false;
            }

            i += consumed;
        }

        return false;
    }

    /// <summary>Variation selectors, the combining grapheme joiner, Mongolian free variation selectors, Hangul fillers and the braille blank: invisible wherever they are.</summary>
    private static bool IsAlwaysDropped(int value) =>
        value is 0x034F or (>= 0x180B and <= 0x180F) or (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF)
            or 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800;

    private static bool IsCompatibilityBlock(int value) =>
        value is (>= 0xFF01 and <= 0xFF5E) // full-width ASCII
            or (>= 0xFE50 and <= 0xFE6B) // small forms
            or 0x00B2 or 0x00B3 or 0x00B9 or (>= 0x2070 and <= 0x209F) // superscripts and subscripts
            or (>= 0x2100 and <= 0x214F) // letterlike symbols
            or (>= 0x2460 and <= 0x24FF) // enclosed alphanumerics
            or 0x2024 or 0x3002 or 0xFF61 // one dot leader, ideographic full stops
            or (>= 0x1D400 and <= 0x1D7FF) // mathematical alphanumerics
            or (>= 0x1F100 and <= 0x1F1FF); // enclosed alphanumeric supplement

    /// <summary>The ASCII compatibility form of a character (NFKC), or <see langword="null"/> when it has none of at most four characters.</summary>
    private static string? Compatibility(Rune rune)
    {
        if (rune.Value is >= 0xFF01 and <= 0xFF5E)
        {
            return ((char)(rune.Value - 0xFEE0)).ToString();
        }

        if (rune.Value is 0x3002 or 0xFF61)
        {
            return ".";
        }

        string folded = rune.ToString().Normalize(NormalizationForm.FormKC);
        return folded.Length is > 0 and <= 4 && Ascii.IsValid(folded) && folded.AsSpan().IndexOfAnyInRange('\0', '\u001F') < 0 ? folded : null;
    }

    /// <summary>The Latin letter a Cyrillic or Greek letter is commonly mistaken for, or '\0'.</summary>
    private static char Homoglyph(char c) => c switch
    {
        // Cyrillic
        '\u0430' => 'a', '\u0435' => 'e', '\u043E' => 'o', '\u0440' => 'p', '\u0441' => 'c', '\u0443' => 'y', '\u0445' => 'x',
        '\u0455' => 's', '\u0456' => 'i', '\u0458' => 'j', '\u0501' => 'd', '\u04BB' => 'h', '\u04CF' => 'l', '\u051B' => 'q', '\u051D' => 'w',
        '\u0410' => 'A', '\u0412' => 'B', '\u0415' => 'E', '\u041A' => 'K', '\u041C' => 'M', '\u041D' => 'H', '\u041E' => 'O', '\u0420' => 'P',
        '\u0421' => 'C', '\u0422' => 'T', '\u0425' => 'X', '\u0405' => 'S', '\u0406' => 'I', '\u0408' => 'J', '\u04AE' => 'Y', '\u051A' => 'Q',
        '\u051C' => 'W', '\u04C0' => 'I',

        // Greek
        '\u03B1' => 'a', '\u03BF' => 'o', '\u03BD' => 'v', '\u03B9' => 'i', '\u03BA' => 'k', '\u03C1' => 'p', '\u03C5' => 'u', '\u03C7' => 'x',
        '\u03B3' => 'y', '\u0391' => 'A', '\u0392' => 'B', '\u0395' => 'E', '\u0396' => 'Z', '\u0397' => 'H', '\u0399' => 'I', '\u039A' => 'K',
        '\u039C' => 'M', '\u039D' => 'N', '\u039F' => 'O', '\u03A1' => 'P', '\u03A4' => 'T', '\u03A5' => 'Y', '\u03A7' => 'X',

        // Latin look-alikes outside ASCII
        '\u0131' => 'i', '\u0251' => 'a', '\u0261' => 'g',
        _ => '\0',
    };

    /// <summary>Finds the whitespace-delimited token around <paramref name="at"/>: its end, and whether it mixes in ASCII letters or digits or an '@'.</summary>
    private static (int End, bool Mixed) ScanToken(string text, int at)
    {
        int start = at;
        while (start > 0 && !char.IsWhiteSpace(text[start - 1]))
        {
            start--;
        }

        int end = at;
        while (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }

        ReadOnlySpan<char> token = text.AsSpan(start, end - start);
        bool mixed = token.IndexOfAnyInRange('0', '9') >= 0 || token.IndexOfAnyInRange('A', 'Z') >= 0 || token.IndexOfAnyInRange('a', 'z') >= 0 ||
            token.Contains('@') || token.Contains('\uFF20') || token.IndexOfAnyInRange('\uFF10', '\uFF5A') >= 0;
        return (end, mixed);
    }

    /// <summary>A growable pair of rented buffers: the folded characters and their original indices.</summary>
    private struct Builder : IDisposable
    {
        private char[] _chars;
        private int[] _map;
        private int _count;

        public Builder(int capacity)
        {
            _chars = ArrayPool<char>.Shared.Rent(Math.Max(capacity, 16));
            _map = ArrayPool<int>.Shared.Rent(Math.Max(capacity, 16) + 1);
            _count = 0;
        }

        public void Append(char c, int originalIndex)
        {
            if (_count + 1 >= _map.Length || _count >= _chars.Length)
            {
                Grow();
            }

            _chars[_count] = c;
            _map[_count] = originalIndex;
            _count++;
        }

        public readonly string ToText() => new(_chars, 0, _count);

        public readonly int[] ToMap(int originalLength)
        {
            var map = new int[_count + 1];
            _map.AsSpan(0, _count).CopyTo(map);
            map[_count] = originalLength;
            return map;
        }

        public void Dispose()
        {
            ArrayPool<char>.Shared.Return(_chars);
            ArrayPool<int>.Shared.Return(_map);
            _chars = [];
            _map = [];
        }

        private void Grow()
        {
            char[] chars = ArrayPool<char>.Shared.Rent(_chars.Length * 2);
            int[] map = ArrayPool<int>.Shared.Rent(_map.Length * 2);
            _chars.AsSpan(0, _count).CopyTo(chars);
            _map.AsSpan(0, _count).CopyTo(map);
            ArrayPool<char>.Shared.Return(_chars);
            ArrayPool<int>.Shared.Return(_map);
            _chars = chars;
            _map = map;
        }
    }
}
