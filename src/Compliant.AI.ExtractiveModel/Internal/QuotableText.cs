using System.Text;
using System.Text.RegularExpressions;
using Compliant.AI.Text;

namespace Compliant.AI.ExtractiveModel.Internal;

/// <summary>
/// Turns a Markdown passage into text worth quoting: hard-wrapped lines joined back into paragraphs, link and emphasis
/// syntax, template tags (<c>{% page %}</c>; a channel tag becomes <c>#name</c>), HTML tags, table pipes and backslash escapes removed. Headings stay on
/// their own line (still marked with <c>#</c>) so the segmenter can tell them apart; list items stay on their own line.
/// </summary>
/// <remarks>
/// A lead-in and its list are one answer unit: a paragraph or list item that introduces a list ("... via the options
/// below:", "Three to five weeks in advance for:", a parent item with nested items) carries its items on its line, joined
/// with "; ", up to <see cref="CarriedLength"/> characters (a short label before complete sentences, "Leave rules:",
/// carries nothing). Each item stays an answer unit of its own as well; an item that is no sentence ("(E) Type of
/// injury;") and that its lead-in could not carry, or that is nested under a parent item, keeps its short lead-in in
/// front of it, so a nested item is never quoted without its parent.
/// </remarks>
internal static partial class QuotableText
{
    /// <summary>How many characters of its items a lead-in carries at most (it carries at least the first).</summary>
    internal const int CarriedLength = 400;

    /// <summary>A lead-in this long or shorter (about a sentence of 30 words) is put in front of each item it could not carry, and of each nested item.</summary>
    private const int PrefixLength = 200;

    /// <summary>A lead-in of at most this many words is a label ("Leave rules:"): it carries complete sentences only when one of its items is a fragment.</summary>
    private const int LabelWords = 6;

    public static string Clean(string text)
    {
        // First rebuild the blocks (a paragraph, a list item, a table row, a heading) from the hard-wrapped lines, so
        // that a link or a template tag wrapped over two lines is removed whole; then clean each block.
        var blocks = new List<Block>();
        var current = new StringBuilder();
        Block pending = default;
        bool open = false; // the current block is a paragraph or list item that may continue on the next line
        string previousLine = string.Empty;
        foreach (string rawLine in text.ReplaceLineEndings("\n").Split('\n'))
        {
            string line = rawLine.Trim();
            if (line.Length == 0)
            {
                Flush(blocks, current, pending);
                blocks.Add(new Block(BlockKind.Blank, string.Empty, 0, default));
                open = false;
                previousLine = string.Empty;
                continue;
            }

            bool table = line.StartsWith('|');
            if (table && TableRule().IsMatch(line))
            {
                continue;
            }

            Match marker = ListMarker().Match(line);
            bool heading = line.StartsWith('#');
            bool block = heading || marker.Success || table;

            // A line that starts in lower case, or that follows an abbreviation which never ends a sentence ("e.g.",
            // "No."), continues the paragraph or item before it even when that line ended with a full stop.
            bool continues = !block && current.Length > 0 && pending.Kind is BlockKind.Paragraph or BlockKind.Item
                && (open || char.IsLower(line[0]) || EndsWithAbbreviation(previousLine));
            if (continues)
            {
                current.Append(' ').Append(line);
            }
            else
            {
                Flush(blocks, current, pending);
                current.Append(line);
                pending = new Block(
                    heading ? BlockKind.Heading : table ? BlockKind.Table : marker.Success && !line.StartsWith('>') ? BlockKind.Item : BlockKind.Paragraph,
                    string.Empty,
                    Indent(rawLine),
                    marker.Success ? MarkerKind(marker.Value, blocks) : default);
            }

            // A line that ends a sentence, a heading or a table row does not continue on the next line, unless it is inside
            // a link or a template tag that is still open. A line ending in a colon continues: the lead-in goes on.
            open = !heading && !table && (!EndsSentence(line) || Unclosed(current));
            previousLine = line;
        }

        Flush(blocks, current, pending);
        return Render(blocks);
    }

    /// <summary>Writes the blocks out, one per line, each lead-in carrying its list.</summary>
    private static string Render(List<Block> blocks)
    {
        // Clean each block first: what a lead-in carries is its items' quotable text.
        var texts = new string?[blocks.Count];
        for (int i = 0; i < blocks.Count; i++)
        {
            Block b = blocks[i];
            if (b.Kind == BlockKind.Blank)
            {
                continue;
            }

            // A paragraph or item that is only a link ("[Back to Slack page](../)") is navigation, not policy text.
            if (b.Kind == BlockKind.Paragraph && LinkOnly().IsMatch(b.Text))
            {
                continue;
            }

            string cleaned = Inline(b.Text, b.Kind == BlockKind.Table);
            texts[i] = cleaned.Length == 0 ? null : cleaned;
        }

        int[] parent = Parents(blocks, texts);
        var children = new List<int>?[blocks.Count];
        for (int i = 0; i < blocks.Count; i++)
        {
            if (parent[i] >= 0)
            {
                (children[parent[i]] ??= []).Add(i);
            }
        }

        // Decide what each lead-in carries, and which items are then not quoted again on their own.
        var line = new string?[blocks.Count];
        var prefix = new string?[blocks.Count];
        for (int i = 0; i < blocks.Count; i++)
        {
            if (texts[i] is not string own)
            {
                continue;
            }

            line[i] = own;
            if (children[i] is not { } items || items.Count == 0)
            {
                continue;
            }

            string leadIn = LastSentence(own);
            bool label = TermAnalyzer.CountWords(leadIn) <= LabelWords;
            // An item with a list of its own is a lead-in itself: it carries its items, and is not carried. A label whose
            // items all are lead-ins ("Send your request:" before "- Two weeks ahead for:") carries nothing, and is no answer alone.
            items = items.Where(c => children[c] is null).ToList();
            if (items.Count == 0)
            {
                if (TermAnalyzer.CountWords(own) <= LabelWords && own.EndsWith(':'))
                {
                    line[i] = null;
                }

                continue;
            }

            // A nested item ("  - Conference events that cost more than $2,500" under "- Three to five weeks in advance
            // for:") is quoted alone with its parent in front of it.
            bool nested = blocks[i].Kind == BlockKind.Item && items.Any(c => blocks[c].Indent > blocks[i].Indent + 1);
            foreach (int c in items)
            {
                if (nested && !IsSentence(texts[c]!) && leadIn.Length <= PrefixLength)
                {
                    prefix[c] = AsLeadIn(leadIn);
                }
            }

            bool anyFragment = items.Any(c => !IsSentence(texts[c]!));
            if (label && !anyFragment && !nested)
            {
                continue;
            }

            var sb = new StringBuilder(AsLeadIn(own));
            int length = 0;
            bool endsSentence = false;
            bool full = false;
            foreach (int c in items)
            {
                string item = ItemText(texts[c]!);
                full |= length > 0 && length + item.Length > CarriedLength;
                if (full)
                {
                    // The rest keep their lead-in in front of them when they are no sentence of their own ("(E) Type of
                    // injury;", a nested "Conference events that cost more than $2,500") and the lead-in is short enough to repeat.
                    if (leadIn.Length <= PrefixLength && !IsSentence(texts[c]!))
                    {
                        prefix[c] = AsLeadIn(leadIn);
                    }

                    continue;
                }

                sb.Append(length == 0 ? " " : "; ").Append(item);
                length += item.Length + 2;
                endsSentence = IsSentence(texts[c]!);
            }

            if (endsSentence && !EndsSentence(sb.ToString()))
            {
                sb.Append('.');
            }

            line[i] = sb.ToString();
        }

        var output = new StringBuilder();
        string? last = null;
        for (int i = 0; i < blocks.Count; i++)
        {
            if (blocks[i].Kind == BlockKind.Blank)
            {
                if (output.Length > 0 && !EndsWith(output, "\n\n"))
                {
                    output.Append(output[^1] == '\n' ? "\n" : "\n\n");
                }

                continue;
            }

            if (line[i] is not string text)
            {
                continue;
            }

            if (prefix[i] is string lead)
            {
                text = lead + " " + ItemText(text);
            }

            // A parent that carries its one nested item reads the same as that item with its parent in front: quote it once.
            if (text == last)
            {
                continue;
            }

            if (output.Length > 0 && output[^1] != '\n')
            {
                output.Append('\n');
            }

            output.Append(text);
            last = text;
        }

        return output.ToString().Trim('\n');
    }

    /// <summary>
    /// The block each item belongs to (-1 for none): the lead-in paragraph just before its list (a blank line between is
    /// allowed), a less indented item, or an item ending in a colon whose following items are of another kind ("(i) ...
    /// the following information:" then "(A) Name and address;") until an item of its own kind or an ancestor's.
    /// </summary>
    private static int[] Parents(List<Block> blocks, string?[] texts)
    {
        var parent = new int[blocks.Count];
        Array.Fill(parent, -1);
        var stack = new List<int>();

        // The order in which the kinds of marker first appear in a list: regulations nest "(a)", "(1)", "(i)", "(A)" in
        // that order, so an item of a kind first seen before a lead-in's own kind is never its child.
        var levels = new Dictionary<char, int>();
        for (int i = 0; i < blocks.Count; i++)
        {
            Block b = blocks[i];
            switch (b.Kind)
            {
                case BlockKind.Blank:
                    continue;
                case BlockKind.Heading or BlockKind.Table:
                    stack.Clear();
                    levels.Clear();
                    continue;
                case BlockKind.Paragraph:
                    stack.Clear();
                    levels.Clear();
                    if (texts[i] is string p && IsLeadIn(p))
                    {
                        stack.Add(i);
                    }

                    continue;
            }

            if (texts[i] is null)
            {
                continue;
            }

            levels.TryAdd(b.Marker, levels.Count);
            while (stack.Count > 0 && !IsChild(blocks, texts, levels, stack[^1], b))
            {
                stack.RemoveAt(stack.Count - 1);
            }

            if (stack.Count > 0)
            {
                parent[i] = stack[^1];
            }

            stack.Add(i);
        }

        return parent;
    }

    private static bool IsChild(List<Block> blocks, string?[] texts, Dictionary<char, int> levels, int parent, Block item)
    {
        Block top = blocks[parent];
        if (top.Kind == BlockKind.Paragraph || item.Indent > top.Indent + 1)
        {
            return true;
        }

        return item.Indent >= top.Indent - 1 && item.Marker != top.Marker && texts[parent]!.EndsWith(':')
            && levels[item.Marker] > levels[top.Marker];
    }

    /// <summary>Returns whether a block is a sentence of its own: it ends with a full stop, a question or an exclamation mark (not a colon or a semicolon).</summary>
    private static bool IsSentence(string text) => EndsSentence(text);

    /// <summary>A paragraph introduces the list after it when its last sentence ends in a colon or points to what follows ("... the steps below.").</summary>
    private static bool IsLeadIn(string paragraph) => paragraph.EndsWith(':') || ForwardReference().IsMatch(paragraph);

    /// <summary>The lead-in as the start of one unit with its items: ending in a colon (in place of "below." or after a parent item).</summary>
    private static string AsLeadIn(string text)
    {
        if (text.EndsWith(':'))
        {
            return text;
        }

        return (text.EndsWith('.') ? text[..^1] : text) + ":";
    }

    /// <summary>An item as carried by its lead-in: without its Markdown marker ("- ", "1. ") and its closing punctuation or "and"/"or".</summary>
    private static string ItemText(string item)
    {
        item = MarkdownMarker().Replace(item, string.Empty).TrimEnd();
        item = item.TrimEnd('.', ';', ',', ':').TrimEnd();
        foreach (string conjunction in (ReadOnlySpan<string>)[" and", " or"])
        {
            if (item.EndsWith(conjunction, StringComparison.OrdinalIgnoreCase) && item.Length > conjunction.Length)
            {
                item = item[..^conjunction.Length].TrimEnd(';', ',', ' ');
            }
        }

        return item;
    }

    /// <summary>The last sentence of a block (the lead-in of a paragraph that introduces a list).</summary>
    private static string LastSentence(string text)
    {
        List<TextSegment> segments = TextSegmenter.Split(text);
        return segments.Count == 0 ? text : text[segments[^1].Start..segments[^1].End];
    }

    private static int Indent(string rawLine)
    {
        int indent = 0;
        foreach (char c in rawLine)
        {
            if (c == ' ')
            {
                indent++;
            }
            else if (c == '\t')
            {
                indent += 4;
            }
            else
            {
                break;
            }
        }

        return indent;
    }

    /// <summary>The kind of a list marker: bullet, "1.", "(1)", "(a)", "(A)", "(i)" or "(I)".</summary>
    private static char MarkerKind(string marker, List<Block> blocks)
    {
        marker = marker.Trim();
        if (marker[0] is '-' or '*' or '+' or '>')
        {
            return 'b';
        }

        if (char.IsAsciiDigit(marker[0]))
        {
            return 'n';
        }

        string inner = marker.Trim('(', ')');
        if (char.IsAsciiDigit(inner[0]))
        {
            return 'p';
        }

        bool lower = char.IsLower(inner[0]);
        if (RomanNumeral().IsMatch(inner))
        {
            // "(i)" after "(h)" is a letter, not a numeral.
            char letterKind = lower ? 'a' : 'A';
            char before = (char)(char.ToLowerInvariant(inner[0]) - 1);
            bool afterLetter = inner.Length == 1 && blocks.LastOrDefault(b => b.Kind == BlockKind.Item) is { } last && last.Marker == letterKind
                && ListMarker().Match(last.Text) is { Success: true } m && string.Equals(m.Value.Trim().Trim('(', ')'), before.ToString(), StringComparison.OrdinalIgnoreCase);
            if (!afterLetter)
            {
                return lower ? 'r' : 'R';
            }
        }

        return lower ? 'a' : 'A';
    }

    /// <summary>Returns whether the line ends in an abbreviation that never ends a sentence: "e.g.", "i.e.", "U.S.", "No.", "Sec.".</summary>
    private static bool EndsWithAbbreviation(string line) => TrailingAbbreviation().IsMatch(line);

    private static void Flush(List<Block> blocks, StringBuilder current, Block pending)
    {
        if (current.Length > 0)
        {
            blocks.Add(pending with { Text = current.ToString() });
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
        line = ChannelTag().Replace(line, "#$1");
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

        return i >= 0 && line[i] is '.' or '!' or '?';
    }

    /// <summary>
    /// A template tag that names a chat channel (<c>{% slack_channel "tweet-this" %}</c>): the page shows the channel, so the
    /// quote keeps it as <c>#tweet-this</c> instead of dropping it with the other template tags ("let us know in .").
    /// </summary>
    [GeneratedRegex(@"\{%-?\s*[a-z_]*channel\s+[""']#?([^""'\s]+)[""']\s*-?%\}", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ChannelTag();

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

    [GeneratedRegex(@"^(?:[-*+]\s+|\d{1,3}[.)]\s+)", RegexOptions.CultureInvariant)]
    private static partial Regex MarkdownMarker();

    [GeneratedRegex(@"^(?:i{1,3}|iv|vi{0,3}|ix|xi{0,3}|xiv|xv)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex RomanNumeral();

    [GeneratedRegex(@"\b(?:below|following|as\s+follows)[.:]$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ForwardReference();

    [GeneratedRegex(@"(?:\b[A-Za-z]\.[A-Za-z]\.|\b(?:No|Nos|Sec|Secs|Dr|Mr|Mrs|Ms|vs|approx|incl|Ref|Pub|Stat|Fig)\.)[)*_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingAbbreviation();

    private enum BlockKind
    {
        Blank,
        Heading,
        Table,
        Paragraph,
        Item,
    }

    /// <summary>A rebuilt block: its kind, its raw text, the indentation of its first line and, for an item, its marker's kind.</summary>
    private readonly record struct Block(BlockKind Kind, string Text, int Indent, char Marker);
}
