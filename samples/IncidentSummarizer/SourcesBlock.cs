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
