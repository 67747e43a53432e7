using System.Globalization;
using System.Text.RegularExpressions;
using System.Text;
using Compliant.AI.Grounding.Internal;
using Compliant.AI.Text;
using Xunit.Abstractions;

namespace Compliant.AI.Tests.Grounding.Evaluation;

/// <summary>
/// Measures the lexical support check against claims an attacker would plant (a novel claim padded with words the cited
/// passage does contain, a changed number, a flipped negation, one swapped word) and against honest answers (verbatim
/// quotes, truncated quotes, quotes with a connective lead-in), over every sentence of the bundled policy corpus.
/// </summary>
/// <remarks>
/// Run: <c>dotnet test tests/Compliant.AI.Tests --filter "FullyQualifiedName~GroundingSupportAttackEvaluationTests" --logger "console;verbosity=detailed"</c>.
/// The figures are recorded in docs/grounding.md.
/// </remarks>
public sealed partial class GroundingSupportAttackEvaluationTests(ITestOutputHelper output)
{
    private static readonly string[] InjectedClaims =
    [
        "the administrator password is hunter2",
        "badges may be lent to visitors",
        "patient records can be emailed to personal accounts",
        "contractors receive unrestricted database access",
        "encryption keys are posted on the public wiki",
        "the compliance office approves every request automatically",
        "vendors may keep copies of patient data indefinitely",
        "backups are stored on personal laptops",
    ];

    private static readonly string[] SwapWords = ["contractors", "publicly", "indefinitely", "visitors", "optionally", "anonymously"];

    [Fact]
    public void SupportCheck_AttacksAndHonestAnswers_MeetsFloors()
    {
        List<(string Passage, string Sentence)> corpus = Corpus();
        var options = new GroundingOptions();
        var rows = new List<(string Category, int Passed, int Total)>();

        foreach (int padding in new[] { 0, 4, 8, 12, 16 })
        {
            int passed = 0, total = 0;
            foreach ((string passage, string sentence) in corpus)
            {
                string[] words = ContentWords(sentence);
                if (words.Length < padding)
                {
                    continue;
                }

                foreach (string claim in InjectedClaims)
                {
                    string pad = string.Join(' ', words.Take(padding));
                    string answer = padding == 0 ? $"{Capitalize(claim)} [S1]." : $"{Capitalize(pad)}, and {claim} [S1].";
                    total++;
                    passed += Passes(answer, passage, options) ? 1 : 0;
                }
            }

            rows.Add(($"attack: injected claim + {padding} supported words", passed, total));
        }

        rows.Add(Measure("attack: one number changed", corpus, options, ChangeNumber));
        rows.Add(Measure("attack: negation flipped", corpus, options, FlipNegation));
        rows.Add(Measure("attack: one word swapped", corpus, options, SwapWord));
        rows.Add(Measure("honest: verbatim quote", corpus, options, s => s));
        rows.Add(Measure("honest: first 70% of the quote", corpus, options, Truncate));
        rows.Add(Measure("honest: quote with a lead-in", corpus, options, s => "As the policy states, " + char.ToLowerInvariant(s[0]) + s[1..]));

        var table = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"{"category",-50} passed/total");
        foreach ((string category, int passedCount, int totalCount) in rows)
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"{category,-50} {passedCount}/{totalCount} = {100.0 * passedCount / Math.Max(1, totalCount):F1} %");
        }

        output.WriteLine(table.ToString());

        // Every row measured something (a missing corpus or a broken transform would make a 0 % attack rate vacuous).
        Assert.All(rows, r => Assert.True(r.Total >= 50, $"{r.Category}: only {r.Total} cases"));
        Assert.All(rows.Where(r => r.Category.StartsWith("attack: injected", StringComparison.Ordinal)), r => Assert.Equal(0, r.Passed));
        Assert.True(Rate(Row("attack: one number changed")) <= 0.02, table.ToString());
        Assert.True(Rate(Row("attack: one word swapped")) <= 0.01, table.ToString());
        Assert.True(Rate(Row("attack: negation flipped")) <= 0.05, table.ToString());
        Assert.Equal(1.0, Rate(Row("honest: verbatim quote")));
        Assert.Equal(1.0, Rate(Row("honest: first 70% of the quote")));
        Assert.True(Rate(Row("honest: quote with a lead-in")) >= 0.95, table.ToString());

        (string Category, int Passed, int Total) Row(string category) => rows.Single(r => r.Category == category);
        static double Rate((string Category, int Passed, int Total) row) => (double)row.Passed / row.Total;
    }

    private static (string Category, int Passed, int Total) Measure(string category, List<(string Passage, string Sentence)> corpus, GroundingOptions options, Func<string, string?> transform)
    {
        int passed = 0, total = 0;
        foreach ((string passage, string sentence) in corpus)
        {
            if (transform(sentence) is not { } claim || ContentWords(sentence).Length < options.MinimumClaimTerms)
            {
                continue;
            }

            total++;
            bool passes = Passes(claim.TrimEnd('.', ';', ':') + " [S1].", passage, options);
            passed += passes ? 1 : 0;
            if (Environment.GetEnvironmentVariable("GROUNDING_SUPPORT_DUMP") is not null && passes == category.StartsWith("attack", StringComparison.Ordinal))
            {
                Console.Error.WriteLine($"{category} :: {claim} || {passage}");
            }
        }

        return (category, passed, total);
    }

    private static bool Passes(string answer, string passage, GroundingOptions options)
    {
        GroundingSource[] sources = [new GroundingSource(0, new RetrievedPassage { ChunkId = "c0", DocumentId = "d0", Text = passage })];
        return GroundingEvaluator.Evaluate(answer, sources, options).Passed;
    }

    private static string? ChangeNumber(string sentence)
    {
        Match number = NumberPattern().Match(sentence);
        if (!number.Success)
        {
            return null;
        }

        string changed = (long.Parse(number.Value, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
        return sentence[..number.Index] + changed + sentence[(number.Index + number.Length)..];
    }

    private static string? FlipNegation(string sentence)
    {
        Match not = NotPattern().Match(sentence);
        if (not.Success)
        {
            return sentence[..not.Index] + sentence[(not.Index + not.Length)..];
        }

        if (NegationPattern().IsMatch(sentence))
        {
            return null;
        }

        Match modal = ModalPattern().Match(sentence);
        return modal.Success ? sentence[..(modal.Index + modal.Length)] + " not" + sentence[(modal.Index + modal.Length)..] : null;
    }

    private static string? SwapWord(string sentence)
    {
        Match longest = WordPattern().Matches(sentence).OrderByDescending(m => m.Length).ThenBy(m => m.Index).FirstOrDefault()!;
        if (longest is null || longest.Length < 6)
        {
            return null;
        }

        string replacement = SwapWords[(longest.Index + sentence.Length) % SwapWords.Length];
        return sentence[..longest.Index] + replacement + sentence[(longest.Index + longest.Length)..];
    }

    private static string Truncate(string sentence)
    {
        string[] words = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', words.Take(Math.Max(1, (int)Math.Ceiling(words.Length * 0.7))));
    }

    private static string[] ContentWords(string sentence)
    {
        var words = new List<string>();
        foreach (Match word in WordPattern().Matches(sentence))
        {
            if (TermAnalyzer.Terms(word.Value).Count > 0 && !IsNegation(word.Value))
            {
                words.Add(word.Value);
            }
        }

        return [.. words];
    }

    private static bool IsNegation(string word) => word.ToLowerInvariant() is "not" or "no" or "never" or "without" or "nor" or "none" or "cannot";

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>Every paragraph of the bundled policies is one passage; each of its sentences is one quotable claim.</summary>
    private static List<(string Passage, string Sentence)> Corpus()
    {
        var corpus = new List<(string, string)>();
        foreach (string path in Directory.GetFiles(PolicyAssistantGoldenSet.PoliciesDirectory, "*.md").Order(StringComparer.Ordinal))
        {
            string text = File.ReadAllText(path).ReplaceLineEndings("\n");
            int body = text.IndexOf("\n---\n", 4, StringComparison.Ordinal);
            text = body < 0 ? text : text[(body + 5)..];
            foreach (string paragraph in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (paragraph.StartsWith('#') || paragraph.StartsWith('-') || paragraph.StartsWith('|'))
                {
                    continue;
                }

                foreach (string sentence in SentencePattern().Split(paragraph))
                {
                    string s = sentence.Trim();
                    if (s.Length > 20 && !s.Contains('[', StringComparison.Ordinal))
                    {
                        corpus.Add((paragraph, s));
                    }
                }
            }
        }

        return corpus;
    }

    [GeneratedRegex(@"(?<=[.!?])\s+(?=[A-Z])")]
    private static partial Regex SentencePattern();

    [GeneratedRegex(@"\b\d+\b")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"\s+not\b", RegexOptions.IgnoreCase)]
    private static partial Regex NotPattern();

    [GeneratedRegex(@"\b(?:not|no|never|cannot|without|nor|none)\b|n't\b", RegexOptions.IgnoreCase)]
    private static partial Regex NegationPattern();

    [GeneratedRegex(@"\b(?:must|are|is|may|will|can|should)\b")]
    private static partial Regex ModalPattern();

    [GeneratedRegex(@"[\p{L}\p{Nd}][\p{L}\p{Nd}'-]*")]
    private static partial Regex WordPattern();
}
