using System.Text;

namespace Compliant.AI.Grounding.Internal;

/// <summary>Writes and reads the delimited block of numbered sources the grounding stage injects into the prompt.</summary>
/// <remarks>
/// The format is shared with the offline extractive model:
/// <code>
/// &lt;sources&gt;
/// &lt;source id="S1" title="Access control"&gt;
/// passage text
/// &lt;/source&gt;
/// &lt;/sources&gt;
/// </code>
/// Passage text is neutralized so it can never close the block early (a retrieved document containing
/// <c>&lt;/source&gt;</c> cannot smuggle text outside the data block).
/// </remarks>
internal static class SourceBlock
{
    public const string SourcesPlaceholder = "{sources}";
    public const string CannotAnswerPlaceholder = "{cannot_answer}";
    public const string OpenTag = "<sources>";
    public const string CloseTag = "</sources>";
    private const string SourceOpen = "<source ";
    private const string SourceClose = "</source>";

    public static string SourceId(int index) => "S" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Renders the instructions template with the sources block and the cannot-answer text.</summary>
    public static string Render(string template, IReadOnlyList<GroundingSource> sources, string cannotAnswerText)
    {
        var block = new StringBuilder(256 + sources.Sum(static s => s.Text.Length + 48));
        block.Append(OpenTag).Append('\n');
        foreach (GroundingSource source in sources)
        {
            block.Append("<source id=\"").Append(source.Id).Append('"');
            if (!string.IsNullOrWhiteSpace(source.Passage.Title))
            {
                block.Append(" title=\"");
                AppendAttribute(block, source.Passage.Title);
                block.Append('"');
            }

            block.Append(">\n").Append(source.Text).Append('\n').Append(SourceClose).Append('\n');
        }

        block.Append(CloseTag);
        return template
            .Replace(CannotAnswerPlaceholder, cannotAnswerText, StringComparison.Ordinal)
            .Replace(SourcesPlaceholder, block.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Makes passage text unable to open or close a source element or the block.</summary>
    public static string Neutralize(string text)
    {
        if (!text.Contains('<', StringComparison.Ordinal))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '<')
            {
                ReadOnlySpan<char> rest = text.AsSpan(i + 1);
                if (rest.StartsWith("source", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("/source", StringComparison.OrdinalIgnoreCase))
                {
                    sb.Append("&lt;");
                    continue;
                }
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>Finds the last sources block in <paramref name="text"/> and reads its sources.</summary>
    /// <returns><see langword="true"/> when a block was found (it may hold no sources).</returns>
    public static bool TryParse(string text, List<ParsedSource> sources)
    {
        int open = text.LastIndexOf(OpenTag, StringComparison.Ordinal);
        if (open < 0)
        {
            return false;
        }

        int close = text.IndexOf(CloseTag, open, StringComparison.Ordinal);
        if (close < 0)
        {
            close = text.Length;
        }

        int pos = open + OpenTag.Length;
        while (pos < close)
        {
            int start = text.IndexOf(SourceOpen, pos, close - pos, StringComparison.Ordinal);
            if (start < 0)
            {
                break;
            }

            // The header ends at the first '>' outside a quoted value: a later stage (PII redaction) may write a placeholder
            // such as "<DATE_TIME_1>" into a title, and its '>' is not the end of the element.
            int headerEnd = HeaderEnd(text, start + SourceOpen.Length, close);
            if (headerEnd < 0)
            {
                break;
            }

            string header = text[(start + SourceOpen.Length)..headerEnd];
            int end = text.IndexOf(SourceClose, headerEnd, close - headerEnd, StringComparison.Ordinal);
            if (end < 0)
            {
                end = close;
            }

            string? id = ReadAttribute(header, "id");
            if (!string.IsNullOrEmpty(id))
            {
                sources.Add(new ParsedSource(id, ReadAttribute(header, "title"), text[(headerEnd + 1)..end].Trim('\n', '\r')));
            }

            pos = end + SourceClose.Length;
        }

        return true;
    }

    private static int HeaderEnd(string text, int from, int limit)
    {
        bool quoted = false;
        for (int i = from; i < limit; i++)
        {
            char c = text[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == '\n')
            {
                break;
            }
            else if (c == '>' && !quoted)
            {
                return i;
            }
        }

        // Not a header this stage wrote (an unbalanced quote): the first '>' ends it.
        return text.IndexOf('>', from, limit - from);
    }

    private static void AppendAttribute(StringBuilder sb, string value)
    {
        foreach (char c in value)
        {
            sb.Append(c switch
            {
                '"' => '\'',
                '<' or '>' => ' ',
                '\r' or '\n' or '\t' => ' ',
                _ => c,
            });
        }
    }

    private static string? ReadAttribute(string header, string name)
    {
        string key = name + "=\"";
        int i = header.IndexOf(key, StringComparison.Ordinal);
        while (i > 0 && !char.IsWhiteSpace(header[i - 1]))
        {
            i = header.IndexOf(key, i + 1, StringComparison.Ordinal);
        }

        if (i < 0)
        {
            return null;
        }

        int valueStart = i + key.Length;
        int valueEnd = header.IndexOf('"', valueStart);
        return valueEnd < 0 ? null : header[valueStart..valueEnd];
    }
}

/// <summary>A source read back from a sources block.</summary>
internal sealed record ParsedSource(string Id, string? Title, string Text);
