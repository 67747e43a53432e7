using Compliant.AI.Grounding.Internal;
using FsCheck.Xunit;

namespace Compliant.AI.Tests.Grounding;

public class GroundingEvaluatorTests
{
    private static readonly string[] Vocabulary =
    [
        "audit", "logs", "retained", "six", "years", "passwords", "characters", "encryption", "keys", "rotated", "months",
        "vendors", "report", "breaches", "within", "days", "records", "destroyed", "shredded", "backups", "immutable",
        "storage", "privacy", "officer", "reviews", "access", "quarterly", "14", "90", "365",
    ];

    [Theory]
    [InlineData("Fact one [S1].", new[] { 1 })]
    [InlineData("Fact one [S1, S2].", new[] { 1, 2 })]
    [InlineData("Fact one [S1][s2].", new[] { 1, 2 })]
    [InlineData("Fact one [S1; 3].", new[] { 1, 3 })]
    [InlineData("Fact one [ S12 ].", new[] { 12 })]
    [InlineData("Fact one [1] [Source 1] [S] [S1-S2] [doc-7].", new int[0])]
    public void CitationMarkers_Find_ParsesSupportedForms(string text, int[] expected)
    {
        List<CitationMarker> markers = CitationMarkers.Find(text);

        Assert.Equal(expected, markers.SelectMany(m => m.Numbers));
    }

    [Fact]
    public void Evaluate_MarkerAfterTerminator_BelongsToPreviousSentence()
    {
        const string Answer = "Audit logs are retained for six years. [S1] Passwords must be 14 characters long. [S2]";
        GroundingSource[] sources = Sources("Audit logs are retained for six years.", "Passwords must be at least 14 characters long.");

        GroundingCheck check = GroundingEvaluator.Evaluate(Answer, sources, new GroundingOptions { CitationMode = GroundingCitationMode.PerSentence });

        Assert.True(check.Passed, check.Reason);
        Assert.Equal([0, 1], check.CitedSources);
        Assert.Equal((0, Answer.IndexOf(" Passwords", StringComparison.Ordinal), 0), check.CitationSpans[0]);
    }

    [Fact]
    public void Evaluate_BulletedAnswer_EachBulletIsASentence()
    {
        const string Answer = "The rules are:\n- Audit logs are retained for six years [S1]\n- Passwords must be 14 characters long [S2]";
        GroundingSource[] sources = Sources("Audit logs are retained for six years.", "Passwords must be at least 14 characters long.");

        GroundingCheck check = GroundingEvaluator.Evaluate(Answer, sources, new GroundingOptions { CitationMode = GroundingCitationMode.PerSentence });

        Assert.True(check.Passed, check.Reason);
        Assert.Equal(2, check.CitationSpans.Count);
    }

    [Fact]
    public void Evaluate_CitationOfWrongSource_IsUnsupported()
    {
        GroundingSource[] sources = Sources("Audit logs are retained for six years.", "Passwords must be at least 14 characters long.");

        GroundingCheck check = GroundingEvaluator.Evaluate("Passwords must be at least 14 characters long [S1].", sources, new GroundingOptions());

        Assert.Equal(GroundingReasons.UnsupportedClaim, check.Reason);
        Assert.Equal(["S1"], Assert.Single(check.UnsupportedClaims).SourceIds);
    }

    [Fact]
    public void Evaluate_StemmedVariants_CountAsSupport()
    {
        GroundingSource[] sources = Sources("The vault rotates service passwords every 90 days and stores them encrypted.");

        GroundingCheck check = GroundingEvaluator.Evaluate("Service passwords are rotated every 90 days and stored encrypted [S1].", sources, new GroundingOptions { SupportThreshold = 0.99 });

        Assert.True(check.Passed, check.Reason);
    }

    [Property(MaxTest = 200)]
    public bool Evaluate_QuotingPassagesVerbatimWithTheirIds_AlwaysPasses(byte[] picks, bool perSentence)
    {
        picks ??= [];
        var sentences = new List<string>();
        for (int i = 0; i + 3 <= picks.Length && sentences.Count < 6; i += 3)
        {
            sentences.Add(string.Join(' ', picks.Skip(i).Take(3).Select(p => Vocabulary[p % Vocabulary.Length])));
        }

        if (sentences.Count == 0)
        {
            sentences.Add("audit logs retained");
        }

        string[] passages = sentences.Select((s, i) => $"Section {i}. {char.ToUpperInvariant(s[0])}{s[1..]} in every case.").ToArray();
        string answer = string.Join(' ', sentences.Select((s, i) => $"{char.ToUpperInvariant(s[0])}{s[1..]} [S{i + 1}]."));

        GroundingCheck check = GroundingEvaluator.Evaluate(answer, Sources(passages), new GroundingOptions { CitationMode = perSentence ? GroundingCitationMode.PerSentence : GroundingCitationMode.PerParagraph });
        return check.Passed && check.CitedSources.Count == sentences.Count;
    }

    [Property(MaxTest = 300)]
    public bool CitationMarkers_AnyText_NeverThrowAndStayInBounds(string? text)
    {
        text ??= string.Empty;
        List<CitationMarker> markers = CitationMarkers.Find(text);
        _ = GroundingEvaluator.Evaluate(text, Sources("Audit logs are retained for six years."), new GroundingOptions());
        return markers.All(m => m.Start >= 0 && m.End <= text.Length && m.Start < m.End && text[m.Start] == '[' && text[m.End - 1] == ']');
    }

    [Fact]
    public void Evaluate_NegationHardWrappedOntoTheNextLine_SupportsTheQuoteOfTheWholeSentence()
    {
        // Markdown wraps its lines: "must NOT be copied" / "onto shared drives." is one sentence, and the negation covers
        // the words that continue it on the next line, as it does in the quote that joins the lines.
        GroundingSource[] sources = Sources("Badge photos and signatures must NOT be copied\nonto shared drives or personal laptops.\nBadges are renewed every year.");

        GroundingCheck check = GroundingEvaluator.Evaluate(
            "Badge photos and signatures must NOT be copied onto shared drives or personal laptops [S1].", sources, new GroundingOptions { MaxUnsupportedTerms = 0 });

        Assert.True(check.Passed, check.Reason);
    }

    [Fact]
    public void Evaluate_NegationHardWrappedOntoTheNextLine_StillRefutesTheAssertedOpposite()
    {
        GroundingSource[] sources = Sources("Badge photos and signatures must NOT be copied\nonto shared drives or personal laptops.\nBadges are renewed every year.");

        GroundingCheck check = GroundingEvaluator.Evaluate(
            "Badge photos may be copied onto shared drives [S1].", sources, new GroundingOptions { MaxUnsupportedTerms = 0 });

        Assert.False(check.Passed);
        Assert.Equal(GroundingReasons.UnsupportedClaim, check.Reason);
    }

    [Fact]
    public void Evaluate_NegationClosedByTheEndOfItsLine_DoesNotCoverTheNextLine()
    {
        // A line that ends its sentence closes the negation: the next line's words are asserted, not negated.
        GroundingSource[] sources = Sources("Badges are not transferable.\nshared drives hold the badge photos.");

        GroundingCheck check = GroundingEvaluator.Evaluate("Shared drives hold the badge photos [S1].", sources, new GroundingOptions { MaxUnsupportedTerms = 0 });

        Assert.True(check.Passed, check.Reason);
    }

    private static GroundingSource[] Sources(params string[] texts) =>
        texts.Select((t, i) => new GroundingSource(i, new RetrievedPassage { ChunkId = "c" + i, DocumentId = "d" + i, Text = t })).ToArray();
}
