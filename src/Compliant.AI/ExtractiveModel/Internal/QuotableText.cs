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
        var output = new StringBuilder(text.Length);
        bool open = false; // the last line written is a paragraph line that may continue
        foreach (string rawLine in text.ReplaceLineEndings("\n").Split('\n'))
        {
            string line = rawLine.Trim();
            if (line.Length == 0)
            {
                output.Append("\n\n");
                open = false;
                continue;
            }

            bool table = line.StartsWith('|');
            if (table && TableRule().IsMatch(line))
            {
                continue;
            }

            line = Inline(line, table);
            if (line.Length == 0)
            {
                continue;
            }

            bool block = line.StartsWith('#') || ListMarker().IsMatch(line) || table;
            if (open && !block)
            {
                output.Append(' ').Append(line);
            }
            else
            {
                if (output.Length > 0 && output[^1] != '\n')
                {
                    output.Append('\n');
                }

                output.Append(line);
            }

            // A line that ends a sentence, a heading or a table row does not continue on the next line.
            open = !line.StartsWith('#') && !table && !EndsSentence(line);
        }

        return output.ToString().Trim('\n');
    }

    private static string Inline(string line, bool table)
    {
        line = TemplateTag().Replace(line, string.Empty);
        line = Image().Replace(line, string.Empty);
        line = Link().Replace(line, "$1");
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

    [GeneratedRegex(@"!\[[^\]]*\]\([^)]*\)", RegexOptions.CultureInvariant)]
    private static partial Regex Image();

    [GeneratedRegex(@"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)", RegexOptions.CultureInvariant)]
    private static partial Regex Link();

    [GeneratedRegex(@"</?[A-Za-z][^<>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"(?:\*\*|__)(?=\S)(.+?)(?<=\S)(?:\*\*|__)", RegexOptions.CultureInvariant)]
    private static partial Regex Strong();

    [GeneratedRegex(@"(?<![\w*])[*_](?=\S)(.+?)(?<=\S)[*_](?![\w*])", RegexOptions.CultureInvariant)]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"\\([\\`*_{}\[\]()#+\-.!$=|<>&])", RegexOptions.CultureInvariant)]
    private static partial Regex Escape();

    [GeneratedRegex(@"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$", RegexOptions.CultureInvariant)]
    private static partial Regex TableRule();

    [GeneratedRegex(@"^(?:[-*+>]\s|\d{1,3}[.)]\s|\([a-zA-Z0-9]{1,4}\)\s)", RegexOptions.CultureInvariant)]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"[ \t]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();
}
