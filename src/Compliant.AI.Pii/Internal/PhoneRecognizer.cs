using System.Text.RegularExpressions;

namespace Compliant.AI.Pii.Internal;

/// <summary>
/// Telephone numbers: North American (NANP rules: area and exchange codes start 2-9), E.164-style international numbers
/// with '+' or '00' (7-15 digits), and other grouped national formats (8-12 digits, weak: need a context word).
/// </summary>
internal sealed class PhoneRecognizer : PiiRecognizer
{
    private static readonly string[] Types = [PiiEntityTypes.PhoneNumber];
    private static readonly string[] Context = ["phone", "tel", "telephone", "cell", "mobile", "call", "fax", "contact", "ph", "reach", "text", "sms", "whatsapp", "landline", "pager"];

    public PhoneRecognizer()
        : base("PhoneRecognizer")
    {
    }

    public override IReadOnlyCollection<string> SupportedEntityTypes => Types;

    public override IReadOnlyList<string> ContextWords => Context;

    public override IEnumerable<PiiEntity> Analyze(string text, CancellationToken cancellationToken)
    {
        var results = new List<PiiEntity>();

        // Whole-text scan on purpose: with this expression the non-backtracking engine's matches depend on where the scan
        // starts (a full scan of some texts skips a number that a scan starting nearer finds), so windows would change results.
        for (Match m = PiiRegexes.PhoneCandidate().Match(text); m.Success; m = m.NextMatch())
        {
            int start = m.Index;
            int end = m.Index + m.Length;

            // Balance parentheses: drop an unmatched leading '(' or a trailing ')'.
            ReadOnlySpan<char> v = text.AsSpan(start, end - start);
            int open = v.Count('('), close = v.Count(')');
            if (open > close && v[0] == '(')
            {
                start++;
                v = v[1..];
            }

            (string? pattern, double score) = Score(v);
            if (pattern is not null)
            {
                results.Add(Candidate.Create(PiiEntityTypes.PhoneNumber, start, end, score, Name, pattern));
            }
        }

        return results;
    }

    internal static (string? Pattern, double Score) Score(ReadOnlySpan<char> v)
    {
        int ext = v.IndexOfAny('x', 'X');
        if (ext < 0)
        {
            ext = v.IndexOf("ext", StringComparison.OrdinalIgnoreCase);
        }

        ReadOnlySpan<char> main = ext > 0 ? v[..ext] : v;
        Span<byte> d = stackalloc byte[24];
        int n = Checksums.Digits(main, d);
        if (n < 7 || n > 15)
        {
            return (null, 0);
        }

        d = d[..n];
        int separators = 0, groups = 1;
        bool prevDigit = true;
        foreach (char c in main)
        {
            bool isDigit = char.IsAsciiDigit(c);
            if (!isDigit)
            {
                separators++;
                if (prevDigit)
                {
                    groups++;
                }
            }

            prevDigit = isDigit;
        }

        if (Checksums.AllSame(d))
        {
            return (null, 0);
        }

        bool international = main.StartsWith("+") || (main.StartsWith("00") && n >= 10 && groups >= 2);
        if (international)
        {
            return ("e164", d[0] == 0 && !main.StartsWith("00") ? 0.4 : 0.75);
        }

        // North American Numbering Plan: [1] NXX NXX XXXX.
        ReadOnlySpan<byte> nanp = n == 11 && d[0] == 1 ? d[1..] : d;
        if (nanp.Length == 10 && nanp[0] >= 2 && nanp[3] >= 2)
        {
            bool formatted = groups >= 3 || main.Contains('(');
            return formatted ? ("nanp_formatted", 0.75) : ("nanp_digits", 0.4);
        }

        // A 7-digit local number (NXX-XXXX) is weak without context.
        if (n == 7 && groups == 2 && d[0] >= 2 && main.Length == 8)
        {
            return ("local_7", 0.3);
        }

        // Other national formats: grouped digits starting with a trunk '0' are plausible; anything else is weak.
        if (n is >= 8 and <= 12 && groups >= 2)
        {
            return ("national_grouped", d[0] == 0 ? 0.45 : 0.3);
        }

        return (null, 0);
    }
}
