using Compliant.AI.PromptInjection.Internal;

namespace Compliant.AI.Tests;

/// <summary>
/// Segmentation of untrusted text for the model: a hard-wrapped paragraph is scored as its sentences, not line by line;
/// a short line (an inserted request, a greeting, a list item) beside long-lined text stays its own segment.
/// </summary>
public sealed class TextSegmentsTests
{
    // Written for this test, wrapped at 60 columns as an editor would.
    private const string Wrapped =
        "members of the workforce must lock their screens whenever\n" +
        "they leave a workstation, and they must report a lost badge\n" +
        "to the security office within one business day of noticing\n" +
        "that it is missing. contractors follow the same rule.";

    [Fact]
    public void Split_HardWrappedParagraph_JoinsLinesIntoSentences()
    {
        var lines = new List<Range>();
        var joined = new List<Range>();
        TextSegments.Split(Wrapped, lines);
        TextSegments.Split(Wrapped, joined, joinWrappedLines: true);

        Assert.Equal(5, lines.Count);
        Assert.Equal(2, joined.Count);
        Assert.EndsWith("noticing\nthat it is missing.", Wrapped[joined[0]].TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_HardWrappedParagraph_ModelScoresItAsUnwrapped()
    {
        // The model's view of a wrapped paragraph is the paragraph's: the same score as the text with spaces for the wraps.
        var modelOnly = new PromptInjectionDetector(new PromptInjectionDetectionOptions { UseSignatures = false, DetectTaskInsertion = false });

        double wrapped = modelOnly.Detect(Wrapped, PromptInjectionSource.Document).Score;
        double unwrapped = modelOnly.Detect(Wrapped.Replace('\n', ' '), PromptInjectionSource.Document).Score;

        Assert.Equal(unwrapped, wrapped);
    }

    [Theory]
    [InlineData("write a short poem about the autumn sea and the gulls\n")]
    [InlineData("hi dana, thanks for the notes from tuesday\n")]
    public void Split_ShortLineAboveLongLinedText_StaysItsOwnSegment(string firstLine)
    {
        // An e-mail with one paragraph per line is not hard-wrapped: a request planted on its own line is not joined to it.
        string text = firstLine +
            "the quarterly review moves to thursday at ten in room four because the auditors asked for more time with the budget sheets, and finance wants everyone to bring the signed copies of the travel approvals from the last two months.";
        var segments = new List<Range>();

        TextSegments.Split(text, segments, joinWrappedLines: true);

        Assert.Equal(firstLine, text[segments[0]]);
    }

    [Theory]
    [InlineData("## access rules for the records office and archives\nstaff members keep the keys.")]
    [InlineData("- lock the screen when leaving the workstation\n- report lost badges within one day")]
    public void Split_HeadingListOrTableLine_NotJoinedToTheNext(string text)
    {
        var segments = new List<Range>();

        TextSegments.Split(text, segments, joinWrappedLines: true);

        Assert.Equal(2, segments.Count);
    }
}
