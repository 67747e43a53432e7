using System.Text.RegularExpressions;

namespace Compliant.AI.Pii.Internal;

/// <summary>IBANs: the country's registered length is cut from the candidate, then mod-97 must equal 1 (score 1); anything else is dropped.</summary>
internal sealed class IbanRecognizer : PiiRecognizer
{
    private static readonly string[] Types = [PiiEntityTypes.IbanCode];
    private static readonly string[] Context = ["iban", "bank", "account", "transfer", "wire", "sepa"];

    public IbanRecognizer()
        : base("IbanRecognizer")
    {
    }

    public override IReadOnlyCollection<string> SupportedEntityTypes => Types;

    public override IReadOnlyList<string> ContextWords => Context;

    public override IEnumerable<PiiEntity> Analyze(string text, CancellationToken cancellationToken)
    {
        var results = new List<PiiEntity>();
        foreach (Match m in BuiltInWindows.Iban.Matches(PiiRegexes.IbanCandidate(), text))
        {
            // Try the longest prefix first, then shorter ones ending at a character boundary, so a trailing word is not swallowed.
            int end = m.Index + m.Length;
            while (end - m.Index >= 15)
            {
                if (char.IsAsciiLetterOrDigit(text[end - 1]) && Checksums.IsIban(text.AsSpan(m.Index, end - m.Index)))
                {
                    results.Add(Candidate.Create(PiiEntityTypes.IbanCode, m.Index, end, 1.0, Name, "iban", "mod97"));
                    break;
                }

                end--;
            }
        }

        return results;
    }
}
