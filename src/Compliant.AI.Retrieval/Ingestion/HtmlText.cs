using System.Net;
using System.Text;

namespace Compliant.AI.Retrieval.Ingestion;

/// <summary>
/// Extracts readable text from HTML without an external parser: drops scripts, styles, comments and markup, decodes
/// entities, turns block elements into line breaks and headings into Markdown headings (so the section-aware chunker
/// applies). Tolerant of malformed markup; linear time.
/// </summary>
internal static class HtmlText
{
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "noscript", "template", "head", "svg", "iframe" };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "br", "li", "ul", "ol", "tr", "table", "section", "article", "header", "footer", "nav", "aside",
        "blockquote", "pre", "hr", "dl", "dt", "dd", "main", "figure", "figcaption", "form", "td", "th",
    };

    public static (string Text, string? Title, Dictionary<string, string> Meta) Extract(string html)
    {
        var output = new StringBuilder(html.Length / 2);
        var text = new StringBuilder();
        var meta = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? title = null;
        string? skipping = null;
        bool inTitle = false;
        var titleText = new StringBuilder();
        int i = 0;
        while (i < html.Length)
        {
            char c = html[i];
            if (c != '<')
            {
                int next = html.IndexOf('<', i);
                if (next < 0)
                {
                    next = html.Length;
                }

                if (skipping is null || inTitle)
                {
                    (inTitle ? titleText : text).Append(html, i, next - i);
                }

                i = next;
                continue;
            }

            if (string.CompareOrdinal(html, i, "<!--", 0, 4) == 0)
            {
                int close = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                i = close < 0 ? html.Length : close + 3;
                continue;
            }

            int end = html.IndexOf('>', i + 1);
            if (end < 0)
            {
                // A stray '<' with no tag: keep it as text.
                if (skipping is null)
                {
                    text.Append(html, i, html.Length - i);
                }

                break;
            }

            ReadOnlySpan<char> tag = html.AsSpan(i + 1, end - i - 1);
            bool closing = tag.Length > 0 && tag[0] == '/';
            if (closing)
            {
                tag = tag[1..];
            }

            int nameEnd = 0;
            while (nameEnd < tag.Length && (char.IsAsciiLetterOrDigit(tag[nameEnd]) || tag[nameEnd] == '-'))
            {
                nameEnd++;
            }

            string name = tag[..nameEnd].ToString();
            i = end + 1;
            if (name.Length == 0)
            {
                continue; // <!DOCTYPE>, <?xml?>, malformed
            }

            if (name.Equals("title", StringComparison.OrdinalIgnoreCase))
            {
                if (!closing)
                {
                    inTitle = true;
                    titleText.Clear();
                }
                else if (inTitle)
                {
                    inTitle = false;
                    title = WebUtility.HtmlDecode(titleText.ToString()).Trim();
                }

                continue;
            }

            if (name.Equals("meta", StringComparison.OrdinalIgnoreCase))
            {
                string? metaName = Attribute(tag, "name");
                string? content = Attribute(tag, "content");
                if (metaName is not null && content is not null)
                {
                    meta[metaName] = WebUtility.HtmlDecode(content);
                }

                continue;
            }

            if (skipping is not null)
            {
                if (closing && name.Equals(skipping, StringComparison.OrdinalIgnoreCase))
                {
                    skipping = null;
                }

                continue;
            }

            if (!closing && Skipped.Contains(name) && !tag.EndsWith("/"))
            {
                skipping = name;
                continue;
            }

            if (name.Length == 2 && (name[0] is 'h' or 'H') && name[1] is >= '1' and <= '6')
            {
                Flush(text, output);
                output.Append(closing ? "\n\n" : "\n\n" + new string('#', name[1] - '0') + " ");
                continue;
            }

            if (Blocks.Contains(name))
            {
                Flush(text, output);
                output.Append(name.Equals("br", StringComparison.OrdinalIgnoreCase) || name.Equals("li", StringComparison.OrdinalIgnoreCase) || name.Equals("td", StringComparison.OrdinalIgnoreCase) ? "\n" : "\n\n");
            }
        }

        Flush(text, output);
        return (Normalize(output.ToString()), title, meta);
    }

    private static void Flush(StringBuilder text, StringBuilder output)
    {
        if (text.Length == 0)
        {
            return;
        }

        string decoded = WebUtility.HtmlDecode(text.ToString());
        text.Clear();

        // Collapse runs of whitespace inside inline text to single spaces.
        bool space = output.Length > 0 && char.IsWhiteSpace(output[^1]);
        foreach (char ch in decoded)
        {
            if (char.IsWhiteSpace(ch))
            {
                if (!space)
                {
                    output.Append(' ');
                    space = true;
                }
            }
            else
            {
                output.Append(ch);
                space = false;
            }
        }
    }

    // Trims each line and keeps at most one blank line between paragraphs.
    private static string Normalize(string text)
    {
        var result = new StringBuilder(text.Length);
        int blank = 0;
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0)
            {
                blank++;
                continue;
            }

            if (result.Length > 0)
            {
                result.Append(blank > 0 ? "\n\n" : "\n");
            }

            result.Append(line);
            blank = 0;
        }

        return result.ToString();
    }

    private static string? Attribute(ReadOnlySpan<char> tag, string name)
    {
        int at = tag.IndexOf(name, StringComparison.OrdinalIgnoreCase);
        while (at >= 0)
        {
            int p = at + name.Length;
            while (p < tag.Length && tag[p] == ' ')
            {
                p++;
            }

            if (p < tag.Length && tag[p] == '=' && (at == 0 || !char.IsAsciiLetterOrDigit(tag[at - 1])))
            {
                p++;
                while (p < tag.Length && tag[p] == ' ')
                {
                    p++;
                }

                if (p < tag.Length && tag[p] is '"' or '\'')
                {
                    char quote = tag[p];
                    int close = tag[(p + 1)..].IndexOf(quote);
                    return close < 0 ? tag[(p + 1)..].ToString() : tag.Slice(p + 1, close).ToString();
                }

                int stop = p;
                while (stop < tag.Length && tag[stop] is not (' ' or '/'))
                {
                    stop++;
                }

                return tag[p..stop].ToString();
            }

            int next = tag[(at + 1)..].IndexOf(name, StringComparison.OrdinalIgnoreCase);
            at = next < 0 ? -1 : at + 1 + next;
        }

        return null;
    }
}
