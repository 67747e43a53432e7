using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Compliant.AI.Pii.Internal;

namespace Compliant.AI.Tests.Pii;

/// <summary>
/// The built-in recognizers' expressions are source-generated backtracking expressions (nothing to construct at run
/// time). These tests hold them to what the non-backtracking forms promised: the same matches, and time linear in the
/// input (checked by completing on adversarial inputs, never by measuring speed).
/// </summary>
public class BuiltInExpressionsTests
{
    private static readonly Type[] Holders = [typeof(PiiRegexes), typeof(DateRegexes), typeof(LocationRegexes), typeof(AddressBlock)];

    /// <summary>Expressions whose work per start position is not bounded; their match windows switch engines for long windows.</summary>
    private static readonly string[] Unbounded = ["PiiRegexes.Email", "PiiRegexes.Domain"];

    /// <summary>Repeated to build adversarial inputs: runs of the classes the expressions loop over, prefixes that fail late, separators.</summary>
    private static readonly string[] Units =
    [
        "a", "a.", "a-", "a_", "A", "Aa ", "Aaaa", "A-", "Aé", "é", "1", "1 ", "1-", "1.", "1/", "1:", ":", "a:", "ff:", "0.", "255.",
        "@", "a@", "a.a@", "a@a.", "a.com", "a-a.", "www.", "http://", "1 1 1 ", "12 Aaaa ", "1 A ", "1 Aaaa Street, ", "1 N Aaaa ",
        "Rue ", "Rue aa ", "Via a ", "Aastraat", "Aaaa-", "36 rue ", "New York ", "Aa, ", "Aa Aa, N", "PSC 123", "APO ", "zip ", "Apt ",
        "P O Box ", "Jan ", "March 1", "1 March ", "1st of ", "Monday", "2020-01-", "10:10 ", "1 pm ", "born ", "dob ", "+1 ", "(1",
        "GB00 ", "AAAA", "A1", "A1-", "mrn ", "mrn: A1-", "id ", "ssn ", "ssn: 1", "medical record ", "1 u. ", "1 Aa. ",
    ];

    public static TheoryData<string> ExpressionNames()
    {
        var data = new TheoryData<string>();
        foreach (string name in All().Select(static e => e.Name))
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void All_AreSourceGeneratedBacktracking()
    {
        List<(string Name, Regex Regex)> all = All();
        Assert.True(all.Count >= 35, $"found {all.Count} expressions");
        Assert.All(all, static e =>
        {
            Assert.False(e.Regex.Options.HasFlag(RegexOptions.NonBacktracking), e.Name);
            Assert.NotEqual(typeof(Regex), e.Regex.GetType());
            Assert.Equal(Regex.InfiniteMatchTimeout, e.Regex.MatchTimeout);
        });
    }

    [Theory]
    [MemberData(nameof(ExpressionNames))]
    public void Expression_AdversarialInputs_SameMatchesAsNonBacktrackingAndLinear(string name)
    {
        Regex regex = All().Single(e => e.Name == name).Regex;
        Regex reference = new(regex.ToString(), regex.Options | RegexOptions.NonBacktracking);

        // The interpreter runs the same backtracking search as the generated code; a generous timeout turns a
        // super-linear blow-up on 100k characters into a failure instead of a hang.
        Regex guarded = new(regex.ToString(), regex.Options, TimeSpan.FromSeconds(20));
        bool unbounded = Unbounded.Contains(name);
        foreach (string input in AdversarialInputs(10_000))
        {
            Assert.Equal(Signature(reference, input), Signature(regex, input));
        }

        if (!unbounded)
        {
            foreach (string input in AdversarialInputs(100_000))
            {
                Assert.Equal(reference.Count(input), guarded.Count(input));
            }
        }
    }

    [Theory]
    [InlineData("a.", "@")]
    [InlineData("a.", "@a.b")]
    [InlineData("a", "@a.com")]
    [InlineData("a+", "@a")]
    public void Email_LongRunsThroughWindows_SameMatchesAsNonBacktracking(string unit, string tail)
    {
        string input = Repeat(unit, 200_000) + tail + " " + Repeat(unit, 500) + tail;
        Regex reference = MatchWindows.NonBacktrackingForm(PiiRegexes.Email());
        Assert.Equal(Signature(reference, input), Signature(BuiltInWindows.Email.Matches(PiiRegexes.Email(), input)));
    }

    [Theory]
    [InlineData("a.", "")]
    [InlineData("a-a.", "x")]
    [InlineData("a.", "com")]
    [InlineData("a1.", "c/")]
    public void Domain_LongTokensThroughWindows_SameMatchesAsNonBacktracking(string unit, string tail)
    {
        string input = Repeat(unit, 200_000) + tail + " " + Repeat(unit, 500) + tail;
        Regex reference = MatchWindows.NonBacktrackingForm(PiiRegexes.Domain());
        Assert.Equal(Signature(reference, input), Signature(BuiltInWindows.Domain.Matches(PiiRegexes.Domain(), input)));
    }

    [DatasetFact("presidio-synth-pii")]
    public void All_SharedDatasets_SameMatchesAsNonBacktracking()
    {
        List<string> texts = DatasetTexts();
        Assert.True(texts.Count > 2_000, $"read {texts.Count} texts");
        foreach ((string name, Regex regex) in All())
        {
            Regex reference = new(regex.ToString(), regex.Options | RegexOptions.NonBacktracking);
            foreach (string text in texts)
            {
                string expected = Signature(reference, text);
                string actual = Signature(regex, text);
                if (expected == actual)
                {
                    continue;
                }

                // The one known difference: the non-backtracking engine skips a leftmost phone candidate after some
                // contexts (see PhoneCandidate_AfterEarlierDigitsAndNewline_FindsTheNumber); every match it finds is
                // still found, in the same place.
                Assert.True(name == "PiiRegexes.PhoneCandidate", $"{name} differs from its non-backtracking form on a dataset text");
                Assert.Empty(expected.Split(';', StringSplitOptions.RemoveEmptyEntries).Except(actual.Split(';', StringSplitOptions.RemoveEmptyEntries)));
            }
        }
    }

    [Fact]
    public void PhoneCandidate_AfterEarlierDigitsAndNewline_FindsTheNumber()
    {
        // Shape of a synthetic dataset row where the non-backtracking form found only the last number.
        const string Text = "Cyprus (Greek) 78891\nMobile: 0490 39 07 81\nDesk: +447700 921 9";
        string[] found = [.. PiiRegexes.PhoneCandidate().Matches(Text).Select(static m => m.Value)];
        Assert.Equal(["0490 39 07 81", "+447700 921 9"], found);
    }

    private static List<(string Name, Regex Regex)> All() =>
        [.. Holders.SelectMany(static t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(static m => m.ReturnType == typeof(Regex) && m.GetParameters().Length == 0)
            .Select(m => (t.Name + "." + m.Name, (Regex)m.Invoke(null, null)!)))
            .OrderBy(static e => e.Item1, StringComparer.Ordinal)];

    private static IEnumerable<string> AdversarialInputs(int length)
    {
        foreach (string unit in Units)
        {
            string run = Repeat(unit, length);
            yield return run;
            yield return run + "@a.b";
            yield return "1 " + run + " Street";
        }
    }

    private static string Repeat(string unit, int length)
    {
        var sb = new StringBuilder(length + unit.Length);
        while (sb.Length < length)
        {
            sb.Append(unit);
        }

        return sb.ToString();
    }

    private static string Signature(Regex regex, string input) => Signature(regex.Matches(input));

    /// <summary>Each match's place and every named group's place: what the recognizers read.</summary>
    private static string Signature(IEnumerable<Match> matches)
    {
        var sb = new StringBuilder();
        foreach (Match m in matches)
        {
            sb.Append(m.Index).Append(':').Append(m.Length);
            foreach (Group g in m.Groups.Cast<Group>().Skip(1))
            {
                sb.Append(' ').Append(g.Name).Append('=').Append(g.Success ? $"{g.Index}:{g.Length}" : "-");
            }

            sb.Append(';');
        }

        return sb.ToString();
    }

    private static List<string> DatasetTexts()
    {
        var texts = new List<string>();
        string presidio = Path.Combine(Datasets.Find("presidio-synth-pii")!, "synth_dataset_v2.json");
        using (JsonDocument doc = JsonDocument.Parse(File.ReadAllText(presidio)))
        {
            texts.AddRange(doc.RootElement.EnumerateArray().Select(static row => row.GetProperty("full_text").GetString()!));
        }

        if (Datasets.Find("asq-phi") is { } asq)
        {
            foreach (string line in File.ReadLines(Path.Combine(asq, "asq_phi_spans.jsonl")))
            {
                using JsonDocument row = JsonDocument.Parse(line);
                texts.Add(row.RootElement.GetProperty("text").GetString()!);
            }
        }

        foreach (string corpus in new[] { "policy-kb-hipaa", "policy-kb-gsa-tts-handbook" })
        {
            if (Datasets.Find(corpus) is { } dir)
            {
                texts.AddRange(Directory.EnumerateFiles(dir, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(File.ReadAllText));
            }
        }

        return texts;
    }
}
