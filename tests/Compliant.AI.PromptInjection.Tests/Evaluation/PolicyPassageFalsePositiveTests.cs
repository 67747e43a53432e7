using System.Globalization;
using Xunit.Abstractions;

namespace Compliant.AI.Tests.Evaluation;

/// <summary>
/// False positives on ordinary policy text: the pages of the HIPAA regulation and of the GSA TTS handbook in
/// <c>../shared/data</c> (read in place, never copied), cut into passages of about 1.5 KB at line breaks as a retriever
/// would hand them to the guardrails stage, scored at the document operating point. None is an attack, so every flagged
/// passage is a false positive. Skips with the reason when the corpora are absent.
/// Run: <c>dotnet test tests/Compliant.AI.PromptInjection.Tests --filter "FullyQualifiedName~PolicyPassageFalsePositiveTests" --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class PolicyPassageFalsePositiveTests(ITestOutputHelper output)
{
    private const string Hipaa = "policy-kb-hipaa";
    private const string Gsa = "policy-kb-gsa-tts-handbook";

    /// <summary>The passage size: 1.5 KB, cut at the last line break before it (or at a space inside a longer line).</summary>
    public const int PassageChars = 1536;

    // Ceilings just above the measured shares at the document operating point (2026-12-07): HIPAA 9/285 (3.2 %; eight are
    // the model on the flattened PDF text of the HHS de-identification guidance), GSA handbook 14/156 (9.0 %). Before the
    // unwrapping of hard-wrapped lines and the narrower exfiltration signature: 9/285 and 21/156.
    [DatasetTheory(Hipaa, Gsa)]
    [InlineData(Hipaa, 0.04)]
    [InlineData(Gsa, 0.10)]
    public void PolicyPassages_DocumentOperatingPoint_ShareFlaggedUnderCeiling(string corpus, double ceiling)
    {
        var detector = new PromptInjectionDetector();
        List<(string File, int Index, string Text)> passages = Passages(corpus);
        var flaggedBySignal = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int flagged = 0;
        foreach ((string file, int index, string text) in passages)
        {
            PromptInjectionResult result = detector.Detect(text, PromptInjectionSource.Document);
            if (result.Flagged)
            {
                flagged++;
                foreach (string signal in result.Signals)
                {
                    flaggedBySignal[signal] = flaggedBySignal.GetValueOrDefault(signal) + 1;
                }

                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  flagged: {file} #{index} score {result.Score:F3} [{string.Join(", ", result.Signals)}]"));
            }
        }

        double share = flagged / (double)passages.Count;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{corpus}: {flagged}/{passages.Count} passages flagged ({share:P1}); by signal: {string.Join(", ", flaggedBySignal.Select(p => $"{p.Key} {p.Value}"))}"));

        Assert.True(passages.Count > 50, $"{corpus}: only {passages.Count} passages were read");
        Assert.True(share <= ceiling, string.Create(CultureInfo.InvariantCulture, $"{corpus}: {share:P1} of policy passages flagged, above the ceiling {ceiling:P1}"));
    }

    /// <summary>Cuts every page of <paramref name="corpus"/> into passages of at most <see cref="PassageChars"/> characters at line breaks.</summary>
    internal static List<(string File, int Index, string Text)> Passages(string corpus)
    {
        string docs = Path.Combine(Datasets.Find(corpus)!, "docs");
        var passages = new List<(string, int, string)>();
        foreach (string path in Directory.EnumerateFiles(docs, "*.md").Order(StringComparer.Ordinal))
        {
            string text = File.ReadAllText(path).ReplaceLineEndings("\n");
            string name = Path.GetFileName(path);
            int start = 0;
            int index = 0;
            while (start < text.Length)
            {
                int end = Math.Min(text.Length, start + PassageChars);
                if (end < text.Length)
                {
                    int cut = text.LastIndexOf('\n', end - 1, end - start);
                    if (cut <= start)
                    {
                        cut = text.LastIndexOf(' ', end - 1, end - start);
                    }

                    end = cut > start ? cut + 1 : end;
                }

                string passage = text[start..end].Trim();
                if (passage.Length > 0)
                {
                    passages.Add((name, index++, passage));
                }

                start = end;
            }
        }

        return passages;
    }
}
