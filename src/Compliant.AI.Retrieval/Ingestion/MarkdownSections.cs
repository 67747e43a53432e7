namespace Compliant.AI.Retrieval.Ingestion;

/// <summary>Splits Markdown into sections at ATX headings (<c># ...</c> to <c>###### ...</c>) outside fenced code blocks.</summary>
internal static class MarkdownSections
{
    public readonly record struct Section(int Start, int End, string? Path);

    public static List<Section> Split(string text, int start, int end, bool markdown)
    {
        var sections = new List<Section>();
        if (!markdown)
        {
            sections.Add(new Section(start, end, null));
            return sections;
        }

        var headings = new List<(int Level, string Title)>();
        int sectionStart = start;
        string? sectionPath = null;
        bool inFence = false;
        char fenceChar = '\0';
        int lineStart = start;
        while (lineStart < end)
        {
            int lineEnd = text.IndexOf('\n', lineStart, end - lineStart);
            int next = lineEnd < 0 ? end : lineEnd + 1;
            int contentEnd = lineEnd < 0 ? end : lineEnd;
            ReadOnlySpan<char> line = text.AsSpan(lineStart, contentEnd - lineStart).TrimEnd('\r');
            int indent = 0;
            while (indent < line.Length && indent < 4 && line[indent] == ' ')
            {
                indent++;
            }

            if (indent <= 3)
            {
                ReadOnlySpan<char> body = line[indent..];
                if (body.StartsWith("```", StringComparison.Ordinal) || body.StartsWith("~~~", StringComparison.Ordinal))
                {
                    if (!inFence)
                    {
                        inFence = true;
                        fenceChar = body[0];
                    }
                    else if (body[0] == fenceChar)
                    {
                        inFence = false;
                    }
                }
                else if (!inFence && TryParseHeading(body, out int level, out string? title))
                {
                    if (lineStart > sectionStart)
                    {
                        sections.Add(new Section(sectionStart, lineStart, sectionPath));
                    }

                    while (headings.Count > 0 && headings[^1].Level >= level)
                    {
                        headings.RemoveAt(headings.Count - 1);
                    }

                    headings.Add((level, title));
                    sectionPath = string.Join(" > ", headings.Select(h => h.Title));
                    sectionStart = lineStart;
                }
            }

            lineStart = next;
        }

        if (end > sectionStart)
        {
            sections.Add(new Section(sectionStart, end, sectionPath));
        }

        // A section that holds only its heading joins the next one, so no text is lost.
        for (int i = sections.Count - 2; i >= 0; i--)
        {
            Section s = sections[i];
            int headingEnd = text.IndexOf('\n', s.Start, s.End - s.Start);
            bool headingOnly = headingEnd < 0 || text.AsSpan(headingEnd, s.End - headingEnd).IsWhiteSpace();
            if (headingOnly)
            {
                sections[i + 1] = sections[i + 1] with { Start = s.Start };
                sections.RemoveAt(i);
            }
        }

        return sections;
    }

    private static bool TryParseHeading(ReadOnlySpan<char> line, out int level, out string title)
    {
        level = 0;
        title = string.Empty;
        while (level < line.Length && line[level] == '#')
        {
            level++;
        }

        if (level is 0 or > 6 || (level < line.Length && line[level] is not (' ' or '\t')))
        {
            return false;
        }

        ReadOnlySpan<char> rest = line[level..].Trim();
        // Closing sequence of #'s (preceded by a space) is not part of the title.
        int closing = rest.Length;
        while (closing > 0 && rest[closing - 1] == '#')
        {
            closing--;
        }

        if (closing < rest.Length && (closing == 0 || rest[closing - 1] is ' ' or '\t'))
        {
            rest = rest[..closing].TrimEnd();
        }

        title = rest.ToString();
        return true;
    }
}
