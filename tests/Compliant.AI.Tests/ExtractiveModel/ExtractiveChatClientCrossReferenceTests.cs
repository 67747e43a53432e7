using Compliant.AI.ExtractiveModel.Internal;
using Compliant.AI.Tests.Grounding;
using Microsoft.Extensions.AI;
using static Compliant.AI.Tests.ExtractiveModel.ExtractiveSources;

namespace Compliant.AI.Tests.ExtractiveModel;

/// <summary>
/// A regulation's unit that names its subject only by a reference to a numbered paragraph of the same section ("Retain the
/// documentation required by paragraph (b)(1) of this section for 6 years") is read with the words of that paragraph.
/// </summary>
public sealed class ExtractiveChatClientCrossReferenceTests
{
    private const string Section =
        "(a) Standard: Badges. Issue each visitor a badge at the front desk.\n" +
        "(b) (1) Standard: Documentation.\n" +
        "(i) Maintain the visitor badge logs in written (which may be electronic) form.\n" +
        "(2) Implementation specifications:\n" +
        "(i) Time limit (Required). Retain the documentation required by paragraph (b)(1) of this section for 6 years from the date of its creation.\n" +
        "(ii) Availability (Required). Make documentation available to those persons responsible for the front desk.";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_ValueNamingItsSubjectByAParagraphReference_QuotesIt(bool streaming)
    {
        // The unit holding the value names "visitor badge logs" only as "the documentation required by paragraph (b)(1)".
        string sources = Sources(("§ 1.316 Documentation requirements.", Section));
        using var client = new ExtractiveChatClient();

        ChatResponse response = await client.GetResponseAsync(streaming, Ask(sources, "How long must visitor badge logs be kept?"));

        Assert.Contains("Retain the documentation required by paragraph (b)(1) of this section for 6 years", response.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_ReferenceToAWholeLetteredParagraph_LendsNoSubject(bool streaming)
    {
        // "Paragraph (a)" is a whole standard with all its parts: the value is not read as being about what (a) says.
        string sources = Sources(("§ 1.316 Documentation requirements.",
            "(a) Standard: Badges. Issue each visitor a badge logged at the front desk.\n" +
            "(b) Time limit. Retain the documentation required by paragraph (a) of this section for 6 years from the date of its creation."));
        using var client = new ExtractiveChatClient();

        ChatResponse response = await client.GetResponseAsync(streaming, Ask(sources, "How long must visitor badge logs be kept?"));

        Assert.DoesNotContain("6 years", response.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_SameLabelInAnotherSource_LendsNoSubject(bool streaming)
    {
        // "This section" is the unit's own source: another retrieved section's paragraph (b)(1), about the asked thing, is not
        // what the reference names, so the value stays about the training slides its own (b)(1) keeps.
        string sources = Sources(
            ("§ 1.310 Visitor records.", "(b) (1) Standard: Documentation.\n(i) Maintain the visitor badge logs in written (which may be electronic) form."),
            ("§ 1.316 Training records.",
             "(b) (1) Standard: Records.\n(i) Keep the slides of every training session.\n(2) Implementation specifications:\n" +
             "(i) Time limit (Required). Retain the documentation required by paragraph (b)(1) of this section for 6 years from the date of its creation."));
        using var client = new ExtractiveChatClient();

        ChatResponse response = await client.GetResponseAsync(streaming, Ask(sources, "How long must visitor badge logs be kept?"));

        Assert.DoesNotContain("6 years", response.Text, StringComparison.Ordinal);
    }

    [DatasetFact("policy-kb-hipaa")]
    public async Task GetResponse_RealSection164316_QuotesTheRetentionItsReferenceNames()
    {
        // The shared corpus's own text (45 CFR 164.316, public domain), read at test time: "Retain the documentation required
        // by paragraph (b)(1) of this section for 6 years ...", where (b)(1) is about the written policies and procedures.
        string text = await File.ReadAllTextAsync(Path.Combine(Datasets.Find("policy-kb-hipaa")!, "docs", "45cfr164.316.md"));
        string sources = Sources(("45 CFR § 164.316 Policies and procedures and documentation requirements.", text));
        using var client = new ExtractiveChatClient();

        foreach (bool streaming in new[] { false, true })
        {
            ChatResponse response = await client.GetResponseAsync(streaming, Ask(sources, "How long must we keep copies of our written security policies and procedures?"));

            Assert.Contains("for 6 years", response.Text, StringComparison.Ordinal);
            Assert.Contains("[S1]", response.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Follow_RegulationLabels_TracksTheOutlinePath()
    {
        var path = new List<string>();
        string[] units = ["(b) (1) Standard: Documentation.", "(i) Maintain the logs.", "(2) Implementation specifications:", "(ii) Availability.", "(A) A part.", "(1) A sub-part."];
        string[] expected = ["b/1", "b/1/i", "b/2", "b/2/ii", "b/2/ii/A", "b/2/ii/A/1"];
        for (int i = 0; i < units.Length; i++)
        {
            Outline.Follow(units[i], path);
            Assert.Equal(expected[i], string.Join('/', path));
        }
    }

    [Fact]
    public void Follow_LetterIAfterH_IsTheNextParagraph()
    {
        var path = new List<string> { "h", "2" };

        Outline.Follow("(i) Standard: Next.", path);

        Assert.Equal(["i"], path);
    }

    [Fact]
    public void Follow_LevelNotOpened_ForgetsThePath()
    {
        var path = new List<string>();

        Outline.Follow("(ii) A chunk that opens inside a paragraph.", path);

        Assert.Empty(path);
    }

    [Theory]
    [InlineData("Retain the documentation required by paragraph (b)(1) of this section for 6 years.", "b/1")]
    [InlineData("As required by paragraph (a)(2)(ii) of this section.", "a/2/ii")]
    [InlineData("Provide the notification required by paragraph (a) of this section.", null)]
    [InlineData("As required by paragraph (b)(1) of § 164.316.", null)]
    [InlineData("As required by paragraph (b)(1) of this section and paragraph (c)(2) of this section.", null)]
    public void Reference_OneNumberedParagraphOfThisSection_ReturnsItsPath(string unit, string? expected)
    {
        Assert.Equal(expected, Outline.Reference(unit));
    }
}
