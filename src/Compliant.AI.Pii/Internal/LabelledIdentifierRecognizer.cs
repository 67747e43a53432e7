using System.Text.RegularExpressions;

namespace Compliant.AI.Pii.Internal;

/// <summary>
/// Identifiers that a keyword names: "MRN: CH-203948", "member ID 88412", "Acct#: GRM-998877", "License No: CLN-112233".
/// The keyword decides the type (medical record and health plan numbers → <c>MEDICAL_RECORD_NUMBER</c>, accounts →
/// <c>US_BANK_NUMBER</c>, licenses → <c>US_DRIVER_LICENSE</c>, passports → <c>US_PASSPORT</c>); the entity is the
/// identifier only, which must contain a digit.
/// </summary>
internal sealed class LabelledIdentifierRecognizer : PiiRecognizer
{
    private static readonly string[] Types = [PiiEntityTypes.MedicalRecordNumber, PiiEntityTypes.UsBankNumber, PiiEntityTypes.UsDriverLicense];

    public LabelledIdentifierRecognizer()
        : base("LabelledIdentifierRecognizer")
    {
    }

    public override IReadOnlyCollection<string> SupportedEntityTypes => Types;

    public override IEnumerable<PiiEntity> Analyze(string text, CancellationToken cancellationToken)
    {
        var results = new List<PiiEntity>();
        Regex pattern = PiiRegexes.LabelledIdentifier();
        for (Match m = pattern.Match(text); m.Success;)
        {
            Group value = m.Groups["value"];
            ReadOnlySpan<char> v = text.AsSpan(value.Index, value.Length);
            if (v.IndexOfAnyInRange('0', '9') < 0)
            {
                // The "value" may itself be the keyword of the real identifier ("chart MRN 00482913"): search again
                // from it rather than after it.
                m = pattern.Match(text, value.Index);
                continue;
            }

            string keyword = m.Groups["kw"].Value.ToUpperInvariant();
            (string type, double score) = Classify(keyword);
            results.Add(Candidate.Create(type, value.Index, value.Index + value.Length, score, Name, "keyword:" + KeywordClass(type, keyword)));
            m = m.NextMatch();
        }

        return results;
    }

    private static (string Type, double Score) Classify(string keyword)
    {
        if (keyword.StartsWith("ACC", StringComparison.Ordinal) || keyword.StartsWith("ACCT", StringComparison.Ordinal))
        {
            return (PiiEntityTypes.UsBankNumber, 0.85);
        }

        if (keyword.StartsWith("LICEN", StringComparison.Ordinal) || keyword.StartsWith("CERT", StringComparison.Ordinal))
        {
            return (PiiEntityTypes.UsDriverLicense, 0.8);
        }

        bool generic = keyword is "ID" || keyword.StartsWith("REF", StringComparison.Ordinal) || keyword.StartsWith("CASE", StringComparison.Ordinal) || keyword == "INS";
        return (PiiEntityTypes.MedicalRecordNumber, generic ? 0.6 : 0.85);
    }

    private static string KeywordClass(string type, string keyword) => type switch
    {
        PiiEntityTypes.UsBankNumber => "account",
        PiiEntityTypes.UsDriverLicense => "license",
        _ => keyword.Length <= 3 ? keyword.ToLowerInvariant() : "record",
    };
}
