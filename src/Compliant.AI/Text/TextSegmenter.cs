namespace Compliant.AI.Text;

/// <summary>Splits text into sentence-like segments: lines, then sentence terminators; Markdown list and heading markers are skipped.</summary>
internal static class TextSegmenter
{
    private static readonly string[] Abbreviations = ["approx", "dr", "incl", "mr", "mrs", "ms", "no", "nos", "vs", "st", "ref", "sec", "secs", "pub", "stat", "fig"];

    /// <summary>Splits <paramref name="text"/> into segments in order; blank lines start a new paragraph.</summary>
    public static List<TextSegment> Split(string text)
    {
        var segments = new List<TextSegment>();
        int paragraph = 0;
        bool paragraphHasContent = false;
        int lineStart = 0;
        while (lineStart <= text.Length)
        {
            int lineEnd = text.IndexOf('\n', lineStart);
            if (lineEnd < 0)
            {
                lineEnd = text.Length;
            }

            int start = lineStart;
            int end = lineEnd;
            while (start < end && char.IsWhiteSpace(text[start]))
            {
                start++;
            }

            while (end > start && char.IsWhiteSpace(text[end - 1]))
            {
                end--;
            }

            if (start == end)
            {
                if (paragraphHasContent)
                {
                    paragraph++;
                    paragraphHasContent = false;
                }
            }
            else
            {
                paragraphHasContent = true;
                SplitLine(text, start, end, paragraph, segments);
            }

            lineStart = lineEnd + 1;
        }

        return segments;
    }

    private static void SplitLine(string text, int start, int end, int paragraph, List<TextSegment> segments)
    {
        bool heading = false;
        if (text[start] == '#')
        {
            heading = true;
            while (start < end && (text[start] == '#' || text[start] == ' '))
            {
                start++;
            }
        }
        else
        {
            start = SkipListMarker(text, start, end);
        }

        int sentenceStart = start;
        for (int i = start; i < end; i++)
        {
            char c = text[i];
            if (c is not ('.' or '!' or '?'))
            {
                continue;
            }

            int next = i + 1;
            while (next < end && text[next] is '"' or '\'' or ')' or '\u201D' or '\u2019')
            {
                next++;
            }

            if (next < end && !char.IsWhiteSpace(text[next]) && text[next] != '[')
            {
                continue;
            }

            if (c == '.' && (IsAbbreviation(text, sentenceStart, i) || ContinuesInLowerCase(text, next, end)))
            {
                continue;
            }

            AddSegment(text, sentenceStart, next, paragraph, heading, segments);
            sentenceStart = next;
        }

        AddSegment(text, sentenceStart, end, paragraph, heading, segments);
    }

    private static void AddSegment(string text, int start, int end, int paragraph, bool heading, List<TextSegment> segments)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        if (start < end)
        {
            segments.Add(new TextSegment(start, end, paragraph, heading));
        }
    }

    private static int SkipListMarker(string text, int start, int end)
    {
        int i = start;
        if (text[i] is '-' or '*' or '+' or '>' && i + 1 < end && text[i + 1] == ' ')
        {
            return SkipSpaces(text, i + 1, end);
        }

        while (i < end && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i > start && i < Math.Min(end, start + 4) && text[i] is '.' or ')' && i + 1 < end && text[i + 1] == ' ')
        {
            return SkipSpaces(text, i + 1, end);
        }

        return start;
    }

    private static int SkipSpaces(string text, int i, int end)
    {
        while (i < end && text[i] == ' ')
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// Returns whether the text after a full stop goes on in lower case ("video recordings, etc. that are ..."): the stop
    /// closes an abbreviation, not a sentence.
    /// </summary>
    private static bool ContinuesInLowerCase(string text, int next, int end)
    {
        int i = SkipSpaces(text, next, end);
        return i < end && char.IsLower(text[i]);
    }

    private static bool IsAbbreviation(string text, int sentenceStart, int dot)
    {
        int wordStart = dot;
        while (wordStart > sentenceStart && char.IsLetter(text[wordStart - 1]))
        {
            wordStart--;
        }

        int length = dot - wordStart;
        if (length == 1)
        {
            return true;
        }

        ReadOnlySpan<char> word = text.AsSpan(wordStart, length);
        foreach (string abbreviation in Abbreviations)
        {
            if (word.Equals(abbreviation, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>A sentence-like span of text.</summary>
/// <param name="Start">The first character.</param>
/// <param name="End">One past the last character.</param>
/// <param name="Paragraph">The zero-based paragraph the segment belongs to.</param>
/// <param name="IsHeading">Whether the segment is a Markdown heading line.</param>
internal readonly record struct TextSegment(int Start, int End, int Paragraph, bool IsHeading);
