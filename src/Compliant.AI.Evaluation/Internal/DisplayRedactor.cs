using System.Text;

namespace Compliant.AI.Evaluation.Internal;

/// <summary>
/// Prepares case text for reports: every span the golden set annotates and every span the detector finds is replaced by
/// <c>&lt;TYPE&gt;</c>. Without a detector, the text is withheld (fail closed): a report never shows raw case text.
/// </summary>
internal static class DisplayRedactor
{
    public const string Withheld = "[text withheld: no PII detector registered]";
    private const int MaxLength = 400;

    public static string Redact(string text, IPiiDetector? detector, IEnumerable<PiiGoldSpan>? gold = null, IEnumerable<PiiEntity>? found = null)
    {
        if (detector is null)
        {
            return Withheld;
        }

        List<(int Start, int End, string Type)> spans;
        try
        {
            spans = [.. detector.Detect(text).Select(e => (e.Start, e.End, e.Type))];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return "[text withheld: the PII detector failed]";
        }

        spans.AddRange((gold ?? []).Select(g => (g.Start, g.End, g.Type == PiiSpanScorer.Ignore ? "PII" : g.Type)));
        spans.AddRange((found ?? []).Select(e => (e.Start, e.End, e.Type)));
        var sb = new StringBuilder(text.Length);
        int position = 0;
        foreach (var span in spans.Where(s => s.End > s.Start && s.Start >= 0 && s.End <= text.Length).OrderBy(s => s.Start).ThenByDescending(s => s.End))
        {
            if (span.End <= position)
            {
                continue;
            }

            int start = Math.Max(span.Start, position);
            sb.Append(text, position, start - position);
            if (start == span.Start)
            {
                sb.Append('<').Append(span.Type).Append('>');
            }

            position = span.End;
        }

        sb.Append(text, position, text.Length - position);
        string flat = sb.ToString().ReplaceLineEndings(" ");
        return flat.Length <= MaxLength ? flat : string.Concat(flat.AsSpan(0, MaxLength), "…");
    }
}
