using System.Text.Json;

namespace Compliant.AI.Tests.Evaluation;

/// <summary>Reads the shared prompt-injection data (deepset, NotInject, BIPIA) from ../shared/data/prompt-injection; test splits only.</summary>
internal static class InjectionDatasets
{
    public const string Name = "prompt-injection";

    private static string Root => Datasets.Find(Name) ?? throw new InvalidOperationException(Datasets.SkipReason(Name));

    /// <summary>The deepset test split: text, label (1 = injection) and whether the text reads as German.</summary>
    public static IReadOnlyList<(string Text, int Label, bool German)> DeepsetTest() =>
        [.. File.ReadLines(Path.Combine(Root, "deepset", "test.jsonl")).Select(line =>
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            string text = doc.RootElement.GetProperty("text").GetString()!;
            return (text, doc.RootElement.GetProperty("label").GetInt32(), LooksGerman(text));
        })];

    /// <summary>Every NotInject prompt (all benign).</summary>
    public static IReadOnlyList<string> NotInject() =>
        [.. new[] { "NotInject_one.json", "NotInject_two.json", "NotInject_three.json" }.SelectMany(file =>
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "notinject", file)));
            return doc.RootElement.EnumerateArray().Select(e => e.GetProperty("prompt").GetString()!).ToList();
        })];

    /// <summary>The BIPIA test e-mail contexts (clean).</summary>
    public static IReadOnlyList<string> BipiaTestEmails() =>
        [.. File.ReadLines(Path.Combine(Root, "bipia", "email", "test.jsonl")).Select(line =>
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            return doc.RootElement.GetProperty("context").GetString()!;
        })];

    /// <summary>The BIPIA test attacks (text and code).</summary>
    public static IReadOnlyList<string> BipiaTestAttacks() =>
        [.. new[] { "text_attack_test.json", "code_attack_test.json" }.SelectMany(file =>
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "bipia", file)));
            return doc.RootElement.EnumerateObject().SelectMany(c => c.Value.EnumerateArray().Select(a => a.GetString()!)).ToList();
        })];

    /// <summary>
    /// Inserts an attack into a context at the start, in the middle (at the sentence boundary nearest the middle) or at
    /// the end, as BIPIA builds its test cases.
    /// </summary>
    public static string Insert(string context, string attack, int position)
    {
        switch (position)
        {
            case 0:
                return attack + "\n" + context;
            case 2:
                return context + "\n" + attack;
            default:
                int middle = context.Length / 2;
                int best = -1;
                for (int i = 0; i < context.Length - 1; i++)
                {
                    if (context[i] is '.' or '!' or '?' && context[i + 1] == ' ' && (best < 0 || Math.Abs(i - middle) < Math.Abs(best - middle)))
                    {
                        best = i;
                    }
                }

                int at = best < 0 ? middle : best + 1;
                return context[..at] + " " + attack + " " + context[at..];
        }
    }

    // A small heuristic (common German function words and umlauts), used only to split the report by language.
    private static bool LooksGerman(string text)
    {
        string[] words = text.ToLowerInvariant().Split([' ', ',', '.', '?', '!'], StringSplitOptions.RemoveEmptyEntries);
        string[] cues = ["und", "ich", "die", "der", "das", "ist", "nicht", "ein", "eine", "wie", "was", "sie", "du", "mir", "mit", "für", "auf", "zu", "den", "es", "wir", "bitte", "vergiss", "alle"];
        int hits = words.Count(w => cues.Contains(w));
        return hits >= 2 || text.Any(c => c is 'ä' or 'ö' or 'ü' or 'ß');
    }
}
