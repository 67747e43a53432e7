using Compliant.AI.Text;

namespace Compliant.AI.Tests.Text;

public sealed class TextSegmenterTests
{
    [Fact]
    public void Split_SentencesHeadingsListsAndParagraphs()
    {
        const string Text = "# Retention\n\nLogs are kept for 6 years. Dr. Smith approves e.g. exceptions!\n- Keys rotate yearly.\n\n1. Accounts close in 4 hours.";

        List<TextSegment> segments = TextSegmenter.Split(Text);

        Assert.Equal(
            ["Retention", "Logs are kept for 6 years.", "Dr. Smith approves e.g. exceptions!", "Keys rotate yearly.", "Accounts close in 4 hours."],
            segments.Select(s => Text[s.Start..s.End]));
        Assert.Equal([true, false, false, false, false], segments.Select(s => s.IsHeading));
        Assert.Equal([0, 1, 1, 1, 2], segments.Select(s => s.Paragraph));
    }

    [Fact]
    public void Split_DecimalPointIsNoEnd_CitationRightAfterTheFullStopStartsTheNextSegment()
    {
        const string Text = "See section 4.2 of the policy. Logs are kept.[S1] Keys rotate.";

        Assert.Equal(
            ["See section 4.2 of the policy.", "Logs are kept.", "[S1] Keys rotate."],
            TextSegmenter.Split(Text).Select(s => Text[s.Start..s.End]));
    }

    [Fact]
    public void Split_FullStopBeforeALowerCaseWord_IsNoSentenceEnd()
    {
        const string Text = "Records are e-mails, recordings, etc. that you create. Laptops, phones, etc. Both are records. See 5 U.S.C. 552 et seq. for details.";

        Assert.Equal(
            ["Records are e-mails, recordings, etc. that you create.", "Laptops, phones, etc.", "Both are records.", "See 5 U.S.C. 552 et seq. for details."],
            TextSegmenter.Split(Text).Select(s => Text[s.Start..s.End]));
    }
}
