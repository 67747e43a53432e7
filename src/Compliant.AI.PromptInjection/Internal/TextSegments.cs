namespace Compliant.AI.PromptInjection.Internal;

/// <summary>Splits folded document text into sentence-sized segments, each scored on its own (an injection is usually one or two sentences in a long text).</summary>
/// <remarks>
/// Boundaries: line breaks, '|', and '.', '!', '?' or ';' followed by a space. With <c>joinWrappedLines</c> a line break
/// inside a hard-wrapped paragraph is not a boundary (see <see cref="IsWrap"/>), so the model scores the sentence, not the
/// fragment each line holds. A segment of fewer than <see cref="MinWords"/> words is joined to the next; a segment longer
/// than <see cref="MaxChars"/> is cut at a space.
/// Every character belongs to exactly one segment, so scoring all segments stays linear in the text length.
/// </remarks>
internal static class TextSegments
{
    public const int MinWords = 4;
    public const int MaxChars = 400;

    /// <summary>The shortest line that counts as hard-wrapped prose (titles, greetings, signatures and short list items are shorter).</summary>
    public const int MinWrappedLine = 16;

    /// <summary>The widest a hard-wrapped text is taken to be (editors and formatters wrap at 72 to 100 columns); longer lines hold a paragraph each.</summary>
    public const int MaxWrapWidth = 100;

    public static void Split(string folded, List<Range> segments) => Split(folded, segments, joinWrappedLines: false);

    public static void Split(string folded, List<Range> segments, bool joinWrappedLines)
    {
        int lineStart = 0;
        int width = joinWrappedLines ? WrapWidth(folded) : 0;
        joinWrappedLines &= width > 0;
        int start = 0;
        int words = 0;
        bool inWord = false;
        for (int i = 0; i < folded.Length; i++)
        {
            char c = folded[i];
            bool wordChar = char.IsLetterOrDigit(c);
            if (wordChar && !inWord)
            {
                words++;
            }

            inWord = wordChar;
            bool boundary = c is '\n' or '|' || (c is '.' or '!' or '?' or ';' && i + 1 < folded.Length && folded[i + 1] == ' ');
            if (c == '\n')
            {
                if (joinWrappedLines && IsWrap(folded, lineStart, i, width))
                {
                    boundary = false;
                }

                lineStart = i + 1;
            }

            if ((boundary && words >= MinWords) || (i - start >= MaxChars && c == ' '))
            {
                segments.Add(new Range(start, i + 1));
                start = i + 1;
                words = 0;
            }
        }

        if (start < folded.Length)
        {
            if (words < MinWords && segments.Count > 0)
            {
                // Join a short tail to the segment before it.
                Range last = segments[^1];
                segments[^1] = new Range(last.Start, folded.Length);
            }
            else
            {
                segments.Add(new Range(start, folded.Length));
            }
        }
    }

    /// <summary>
    /// Returns whether the line break at <paramref name="end"/> only wraps a paragraph: the line is not short, holds no
    /// heading, table row or quote, ends inside a sentence (a letter, digit, comma or the end of a link), the next line
    /// goes on with a letter or a link rather than a list marker, a number or other markup, and the next line's first word
    /// (or link) would not have fit on this line within the width the text is wrapped at (<see cref="WrapWidth"/>) — what a tool that wraps at a fixed width
    /// does. A short request on its own line above or below a long-lined e-mail is therefore not joined to it.
    /// </summary>
    private static bool IsWrap(string folded, int lineStart, int end, int width)
    {
        ReadOnlySpan<char> line = folded.AsSpan(lineStart, end - lineStart).Trim(' ');
        if (line.Length < MinWrappedLine || line[0] is '#' or '|' or '>' || !(char.IsLetterOrDigit(line[^1]) || line[^1] is ',' or ')'))
        {
            return false;
        }

        int next = end + 1;
        if (next < folded.Length && folded[next] == ' ')
        {
            next++;
        }

        if (next >= folded.Length || !(char.IsLetter(folded[next]) || folded[next] is '[' or '('))
        {
            return false;
        }

        // The next word, or a whole markdown link, which wrapping tools keep on one line.
        ReadOnlySpan<char> rest = folded.AsSpan(next);
        int stop = rest[0] == '[' && rest.IndexOf("](", StringComparison.Ordinal) is > 0 and var close && rest[close..].IndexOf(')') is > 0 and var paren
            ? close + paren + 1
            : rest.IndexOfAny(' ', '\n');
        int word = stop < 0 ? rest.Length : stop;
        return end - lineStart + 1 + word > width;
    }

    /// <summary>
    /// Returns the width the text appears to be wrapped at: its longest line of at most <see cref="MaxWrapWidth"/>
    /// characters; or 0 when most of the text stands in longer lines (one paragraph per line, as in most e-mails and
    /// flattened documents), which is not hard-wrapped text.
    /// </summary>
    private static int WrapWidth(string folded)
    {
        int width = 0;
        int inLongLines = 0;
        foreach (Range range in folded.AsSpan().Split('\n'))
        {
            int length = range.End.GetOffset(folded.Length) - range.Start.GetOffset(folded.Length);
            if (length > MaxWrapWidth)
            {
                inLongLines += length;
            }
            else
            {
                width = Math.Max(width, length);
            }
        }

        return inLongLines * 2 > folded.Length ? 0 : width;
    }
}
