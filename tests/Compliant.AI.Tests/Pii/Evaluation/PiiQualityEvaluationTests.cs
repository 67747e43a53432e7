using System.Globalization;
using System.Text.Json;
using Xunit.Abstractions;

namespace Compliant.AI.Tests.Pii.Evaluation;

/// <summary>
/// Quality of the default <see cref="PiiDetector"/> on third-party synthetic datasets (read in place, never copied).
/// Run: <c>dotnet test tests/Compliant.AI.Tests --filter "FullyQualifiedName~PiiQualityEvaluationTests" --logger "console;verbosity=detailed"</c>.
/// </summary>
public class PiiQualityEvaluationTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> PresidioMap = new(StringComparer.Ordinal)
    {
        ["PERSON"] = "PERSON", ["STREET_ADDRESS"] = "LOCATION", ["GPE"] = "LOCATION", ["ZIP_CODE"] = "LOCATION",
        ["CREDIT_CARD"] = "CREDIT_CARD", ["DATE_TIME"] = "DATE_TIME", ["PHONE_NUMBER"] = "PHONE_NUMBER", ["EMAIL_ADDRESS"] = "EMAIL_ADDRESS",
        ["DOMAIN_NAME"] = "URL", ["IBAN_CODE"] = "IBAN_CODE", ["US_SSN"] = "US_SSN", ["IP_ADDRESS"] = "IP_ADDRESS",
        ["US_DRIVER_LICENSE"] = "US_DRIVER_LICENSE",

        // Not targeted (no recognizer): ignored in scoring.
        ["ORGANIZATION"] = PiiEvaluator.Ignore, ["TITLE"] = PiiEvaluator.Ignore, ["AGE"] = PiiEvaluator.Ignore, ["NRP"] = PiiEvaluator.Ignore,
    };

    private static readonly Dictionary<string, string> AsqMap = new(StringComparer.Ordinal)
    {
        ["NAME"] = "PERSON", ["GEOGRAPHIC_LOCATION"] = "LOCATION", ["DATE"] = "DATE_TIME",
        ["MEDICAL_RECORD_NUMBER"] = "MEDICAL_RECORD_NUMBER", ["HEALTH_PLAN_BENEFICIARY_NUMBER"] = "MEDICAL_RECORD_NUMBER", ["UNIQUE_IDENTIFIER"] = "MEDICAL_RECORD_NUMBER",
        ["ACCOUNT_NUMBER"] = "US_BANK_NUMBER", ["CERTIFICATE_LICENSE_NUMBER"] = "US_DRIVER_LICENSE",
        ["PHONE_NUMBER"] = "PHONE_NUMBER", ["FAX_NUMBER"] = "PHONE_NUMBER", ["SOCIAL_SECURITY_NUMBER"] = "US_SSN",
        ["EMAIL_ADDRESS"] = "EMAIL_ADDRESS", ["IP_ADDRESS"] = "IP_ADDRESS",
    };

    [DatasetFact("presidio-synth-pii")]
    public void PresidioSynthetic_DefaultDetector_BeatsPresidioPublishedFigures()
    {
        string path = Path.Combine(Datasets.Find("presidio-synth-pii")!, "synth_dataset_v2.json");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        var detector = new PiiDetector();
        var eval = new PiiEvaluator();
        foreach (JsonElement row in doc.RootElement.EnumerateArray())
        {
            string text = row.GetProperty("full_text").GetString()!;
            var gold = row.GetProperty("spans").EnumerateArray().Select(s => (
                PresidioMap.GetValueOrDefault(s.GetProperty("entity_type").GetString()!, PiiEvaluator.Ignore),
                s.GetProperty("start_position").GetInt32(),
                s.GetProperty("end_position").GetInt32()));
            eval.Add(text, gold, detector.Detect(text));
        }

        output.WriteLine("presidio-synth-pii (1,500 sentences), token-level:");
        output.WriteLine(eval.Table());
        var (p, r, _) = eval.Micro();
        Assert.True(p >= Floors.PresidioPrecision, string.Create(CultureInfo.InvariantCulture, $"precision {p:F3} below floor"));
        Assert.True(r >= Floors.PresidioRecall, string.Create(CultureInfo.InvariantCulture, $"recall {r:F3} below floor"));
    }

    [DatasetFact("asq-phi")]
    public void AsqPhi_DefaultDetector_FindsPhiAndLeavesHardNegatives()
    {
        string path = Path.Combine(Datasets.Find("asq-phi")!, "asq_phi_spans.jsonl");
        var detector = new PiiDetector();
        var eval = new PiiEvaluator();
        int values = 0, leaked = 0, negatives = 0, negativesTouched = 0;
        foreach (string line in File.ReadLines(path))
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            JsonElement row = doc.RootElement;
            string text = row.GetProperty("text").GetString()!;
            IReadOnlyList<PiiEntity> found = detector.Detect(text);
            var gold = row.GetProperty("spans").EnumerateArray().Select(s => (
                AsqMap.GetValueOrDefault(s.GetProperty("label").GetString()!, PiiEvaluator.Ignore),
                s.GetProperty("start").GetInt32(),
                s.GetProperty("end").GetInt32())).ToList();
            eval.Add(text, gold, found);
            if (!row.GetProperty("has_phi").GetBoolean())
            {
                negatives++;
                negativesTouched += found.Count > 0 ? 1 : 0;
            }

            foreach (var (_, start, end) in gold)
            {
                values++;
                bool covered = true;
                for (int i = start; i < end && covered; i++)
                {
                    covered = char.IsWhiteSpace(text[i]) || char.IsPunctuation(text[i]) || found.Any(e => e.Start <= i && i < e.End);
                }

                leaked += covered ? 0 : 1;
            }
        }

        double valueRecall = 1 - ((double)leaked / values);
        double untouched = 1 - ((double)negativesTouched / negatives);
        output.WriteLine("asq-phi (1,051 queries), token-level:");
        output.WriteLine(eval.Table());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PHI values fully covered: {values - leaked}/{values} = {valueRecall:F3}; hard negatives untouched: {negatives - negativesTouched}/{negatives} = {untouched:F3}"));
        var (p, r, _) = eval.AnyType;
        Assert.True(r >= Floors.AsqAnyTypeRecall, string.Create(CultureInfo.InvariantCulture, $"recall {r:F3} below floor"));
        Assert.True(p >= Floors.AsqAnyTypePrecision, string.Create(CultureInfo.InvariantCulture, $"precision {p:F3} below floor"));
        Assert.True(untouched >= Floors.AsqNegativesUntouched, string.Create(CultureInfo.InvariantCulture, $"untouched {untouched:F3} below floor"));
    }

    /// <summary>
    /// Regression floors: a little under the measured figures in docs/pii.md, and above Presidio's published tuned
    /// figures on the same synthetic set (precision 0.870, recall 0.839).
    /// </summary>
    private static class Floors
    {
        public const double PresidioPrecision = 0.95;
        public const double PresidioRecall = 0.845;
        public const double AsqAnyTypeRecall = 0.925;
        public const double AsqAnyTypePrecision = 0.98;
        public const double AsqNegativesUntouched = 0.95;
    }
}
