using System.Text.RegularExpressions;

namespace IncidentSummarizer;

/// <summary>
/// Reads the numbered sources the grounding stage writes into the prompt (the format is documented in docs/grounding.md:
/// <c>&lt;source id="S1" title="..."&gt;</c> text <c>&lt;/source&gt;</c>), for the offline summarizer.
/// </summary>
internal static partial class SourcesBlock
{
    public static List<ParsedSource> Parse(string text)
    {
        int open = text.LastIndexOf("<sources>", StringComparison.Ordinal);
        var sources = new List<ParsedSource>();
        if (open < 0)
        {
            return sources;
        }

        foreach (Match m in SourceRegex().Matches(text, open))
        {
            sources.Add(new ParsedSource(m.Groups["id"].Value, m.Groups["title"].Value, m.Groups["text"].Value.Trim('\n', '\r')));
        }

        return sources;
    }

    /// <summary>Writes one source back in the same format (the offline summarizer quotes one event at a time).</summary>
    public static string Render(ParsedSource source) =>
        $"<sources>\n<source id=\"{source.Id}\" title=\"{source.Title}\">\n{source.Text}\n</source>\n</sources>";

    [GeneratedRegex("<source id=\"(?<id>S\\d+)\"(?: title=\"(?<title>[^\"]*)\")?>\\n(?<text>.*?)\\n</source>", RegexOptions.Singleline)]
    private static partial Regex SourceRegex();
}

/// <summary>A source read back from the prompt: its id (<c>S3</c>), title and text.</summary>
internal sealed record ParsedSource(string Id, string Title, string Text)
{
    /// <summary>Gets the event as the heuristic reads it (kind and source come from the title <c>id | kind | source</c>).</summary>
    public EventView View
    {
        get
        {
            string[] parts = Title.Split(" | ");
            return new EventView(parts.Length > 0 ? parts[0] : Id, parts.Length > 1 ? parts[1] : "log", parts.Length > 2 ? parts[2] : string.Empty, Text);
        }
    }
}
