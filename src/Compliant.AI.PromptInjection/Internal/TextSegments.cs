namespace Compliant.AI.PromptInjection.Internal;

/// <summary>Splits folded document text into sentence-sized segments, each scored on its own (an injection is usually one or two sentences in a long text).</summary>
/// <remarks>
/// Boundaries: line breaks, '|', and '.', '!', '?' or ';' followed by a space. A segment of fewer than
/// <see cref="MinWords"/> words is joined to the next; a segment longer than <see cref="MaxChars"/> is cut at a space.
/// Every character belongs to exactly one segment, so scoring all segments stays linear in the text length.
/// </remarks>
internal static class TextSegments
{
    public const int MinWords = 4;
    public const int MaxChars = 400;

    public static void Split(string folded, List<Range> segments)
    {
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
}
