using System.Text;
using System.Text.RegularExpressions;

namespace Compliant.AI.ExtractiveModel.Internal;

/// <summary>
/// Turns a Markdown passage into text worth quoting: hard-wrapped lines joined back into paragraphs, link and emphasis
/// syntax, template tags (<c>{% page %}</c>), HTML tags, table pipes and backslash escapes removed. Headings stay on
/// their own line (still marked with <c>#</c>) so the segmenter can tell them apart; list items stay on their own line.
/// </summary>
internal static partial class QuotableText
{
    public static string Clean(string text)
    {
        // First rebuild the blocks (a paragraph, a list item, a table row, a heading) from the hard-wrapped lines, so
        // that a link or a template tag wrapped over two lines is removed whole; then clean each block.
        var blocks = new List<(string Text, bool Table)>();
        var current = new StringBuilder();
        bool currentTable = false;
        bool open = false; // the current block is a paragraph or list item that may continue on the next line
        foreach (string rawLine in text.ReplaceLineEndings("\n").Split('\n'))
        {
            string line = rawLine.Trim();
            if (line.Length == 0)
            {
                Flush(blocks, current, currentTable);
                blocks.Add((string.Empty, false));
                open = false;
                continue;
            }

            bool table = line.StartsWith('|');
            if (table && TableRule().IsMatch(line))
            {
                continue;
            }

            bool block = line.StartsWith('#') || ListMarker().IsMatch(line) || table;
            if (open && !block)
            {
                current.Append(' ').Append(line);
            }
            else
            {
                Flush(blocks, current, currentTable);
                current.Append(line);
                currentTable = table;
            }

            // A line that ends a sentence, a heading or a table row does not continue on the next line, unless it is inside
            // a link or a template tag that is still open.
            open = !line.StartsWith('#') && !table && (!EndsSentence(line) || Unclosed(current));
        }

        Flush(blocks, current, currentTable);
        var output = new StringBuilder(text.Length);
        foreach ((string raw, bool table) in blocks)
        {
            if (raw.Length == 0)
            {
                if (output.Length > 0 && !EndsWith(output, "\n\n"))
                {
                    output.Append(output[^1] == '\n' ? "\n" : "\n\n");
                }

                continue;
            }

            // A paragraph that is only a link ("[Back to Slack page](../)") is navigation, not policy text.
            if (!table && LinkOnly().IsMatch(raw))
            {
                continue;
            }

            string line = Inline(raw, table);
            if (line.Length == 0)
            {
                continue;
            }

            if (output.Length > 0 && output[^1] != '\n')
            {
                output.Append('\n');
            }

            output.Append(line);
        }

        return output.ToString().Trim('\n');
    }

    private static void Flush(List<(string Text, bool Table)> blocks, StringBuilder current, bool table)
    {
        if (current.Length > 0)
        {
            blocks.Add((current.ToString(), table));
            current.Clear();
        }
    }

    private static bool EndsWith(StringBuilder sb, string suffix) =>
        sb.Length >= suffix.Length && sb.ToString(sb.Length - suffix.Length, suffix.Length) == suffix;

    /// <summary>Returns whether the block so far ends inside a link target or a template tag.</summary>
    private static bool Unclosed(StringBuilder block)
    {
        string text = block.ToString();
        return text.LastIndexOf("{%", StringComparison.Ordinal) > text.LastIndexOf("%}", StringComparison.Ordinal)
            || text.LastIndexOf("](", StringComparison.Ordinal) > text.LastIndexOf(')');
    }

    private static string Inline(string line, bool table)
    {
        line = TemplateTag().Replace(line, string.Empty);
        line = Image().Replace(line, string.Empty);
        line = Link().Replace(line, "$1");
        line = UnclosedPlaceholderLink().Replace(line, "$1");
        line = HtmlTag().Replace(line, string.Empty);
        line = Strong().Replace(line, "$1");
        line = Emphasis().Replace(line, "$1");
        line = line.Replace("`", string.Empty, StringComparison.Ordinal);
        line = Escape().Replace(line, "$1");
        line = line.Replace("&rsquo;", "\u2019", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal).Replace("&nbsp;", " ", StringComparison.Ordinal);
        if (table)
        {
            line = string.Join("; ", line.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(c => c.Length > 0));
        }

        return Spaces().Replace(line, " ").Trim();
    }

    private static bool EndsSentence(string line)
    {
        int i = line.Length - 1;
        while (i >= 0 && line[i] is '"' or '\'' or ')' or '\u201D' or '\u2019' or '*' or '_')
        {
            i--;
        }

        return i >= 0 && line[i] is '.' or '!' or '?' or ':';
    }

    [GeneratedRegex(@"\{%.*?%\}|\{\{.*?\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex TemplateTag();

    [GeneratedRegex(@"^[*_]*\[[^\]]*\]\([^)]*\)[*_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex LinkOnly();

    [GeneratedRegex(@"!\[[^\]]*\]\([^)]*\)", RegexOptions.CultureInvariant)]
    private static partial Regex Image();

    [GeneratedRegex(@"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)", RegexOptions.CultureInvariant)]
    private static partial Regex Link();

    // An HTML tag, but never a redaction placeholder such as <EMAIL_ADDRESS_1>: the value it stands for is restored later.
    [GeneratedRegex(@"</?(?![A-Z][A-Z0-9_]*_[1-9][0-9]*>)[A-Za-z][^<>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"(?:\*\*|__)(?=\S)(.+?)(?<=\S)(?:\*\*|__)", RegexOptions.CultureInvariant)]
    private static partial Regex Strong();

    [GeneratedRegex(@"(?<![\w*])[*_](?=\S)(.+?)(?<=\S)[*_](?![\w*])", RegexOptions.CultureInvariant)]
    private static partial Regex Emphasis();

    // A link whose target was redacted together with the closing parenthesis: "[Program](<URL_1>".
    [GeneratedRegex(@"\[([^\]]*)\]\(<[A-Z][A-Z0-9_]*_[1-9][0-9]*>", RegexOptions.CultureInvariant)]
    private static partial Regex UnclosedPlaceholderLink();

    [GeneratedRegex(@"\\([\\`*_{}\[\]()#+\-.!$=|<>&])", RegexOptions.CultureInvariant)]
    private static partial Regex Escape();

    [GeneratedRegex(@"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$", RegexOptions.CultureInvariant)]
    private static partial Regex TableRule();

    [GeneratedRegex(@"^(?:[-*+>]\s|\d{1,3}[.)]\s|\([a-zA-Z0-9]{1,4}\)\s)", RegexOptions.CultureInvariant)]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"[ \t]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();
}
