using System.Text.RegularExpressions;

namespace Compliant.AI.Pii.Internal;

/// <summary>
/// US Social Security numbers. Structural rules always apply (area not 000, 666 or 900-999; group not 00; serial not
/// 0000). Known advertised/example numbers (078-05-1120, 123-45-6789, ...) are rejected unless the text labels the
/// value as an SSN ("SSN: ..."), since the author then meant it as one.
/// </summary>
internal sealed class UsSsnRecognizer : PiiRecognizer
{
    private static readonly string[] Types = [PiiEntityTypes.UsSsn];
    private static readonly string[] Context = ["ssn", "ssns", "social", "security", "ss#", "ssa", "tin", "taxpayer"];

    public UsSsnRecognizer()
        : base("UsSsnRecognizer")
    {
    }

    public override IReadOnlyCollection<string> SupportedEntityTypes => Types;

    public override IReadOnlyList<string> ContextWords => Context;

    public override IEnumerable<PiiEntity> Analyze(string text, CancellationToken cancellationToken)
    {
        var results = new List<PiiEntity>();
        foreach (Match m in BuiltInWindows.UsSsn.Matches(PiiRegexes.UsSsn(), text))
        {
            ReadOnlySpan<char> v = text.AsSpan(m.Index, m.Length);
            if (!Checksums.IsUsSsn(v))
            {
                continue;
            }

            double score = v.Length == 9 ? 0.15 : v[3] == '-' ? 0.6 : v[3] == ' ' ? 0.4 : 0.3;
            results.Add(Candidate.Create(PiiEntityTypes.UsSsn, m.Index, m.Index + m.Length, score, Name, "ssn_shape", "ssa_rules"));
        }

        cancellationToken.ThrowIfCancellationRequested();
        for (Match m = PiiRegexes.LabelledSsn().Match(text); m.Success; m = m.NextMatch())
        {
            Group g = m.Groups["value"];
            if (Checksums.IsUsSsnStructure(text.AsSpan(g.Index, g.Length)))
            {
                results.Add(Candidate.Create(PiiEntityTypes.UsSsn, g.Index, g.Index + g.Length, 0.9, Name, "labelled_ssn", "ssa_structure"));
            }
        }

        return results;
    }
}
