using System.Text.RegularExpressions;

namespace Compliant.AI.Pii.Internal;

/// <summary>URLs with a scheme or <c>www.</c> (0.85), and bare domain names with a common top-level domain (0.5); trailing punctuation is trimmed.</summary>
internal sealed class UrlRecognizer : PiiRecognizer
{
    private static readonly string[] Types = [PiiEntityTypes.Url];
    private static readonly string[] Context = ["url", "website", "site", "link", "web", "domain", "visit", "http"];

    public UrlRecognizer()
        : base("UrlRecognizer")
    {
    }

    public override IReadOnlyCollection<string> SupportedEntityTypes => Types;

    public override IReadOnlyList<string> ContextWords => Context;

    public override IEnumerable<PiiEntity> Analyze(string text, CancellationToken cancellationToken)
    {
        var results = new List<PiiEntity>();
        if (text.Contains('.', StringComparison.Ordinal))
        {
            Add(results, text, PiiRegexes.UrlWithScheme(), BuiltInWindows.UrlWithScheme, 0.85, "url_scheme");
            cancellationToken.ThrowIfCancellationRequested();
            Add(results, text, PiiRegexes.Domain(), BuiltInWindows.Domain, 0.5, "domain");
        }

        return results;
    }

    private void Add(List<PiiEntity> results, string text, Regex regex, MatchWindows windows, double score, string pattern)
    {
        foreach (Match m in windows.Matches(regex, text))
        {
            int end = m.Index + m.Length;
            while (end > m.Index && ".,;:!?)]}'\"".Contains(text[end - 1], StringComparison.Ordinal))
            {
                end--;
            }

            // A domain preceded by '@' is the host of an e-mail address, not a URL.
            if (end - m.Index < 4 || (m.Index > 0 && text[m.Index - 1] == '@'))
            {
                continue;
            }

            results.Add(Candidate.Create(PiiEntityTypes.Url, m.Index, end, score, Name, pattern));
        }
    }
}
