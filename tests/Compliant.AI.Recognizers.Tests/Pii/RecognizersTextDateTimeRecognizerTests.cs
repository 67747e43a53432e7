using Microsoft.Extensions.DependencyInjection;

namespace Compliant.AI.Tests.Pii;

public class RecognizersTextDateTimeRecognizerTests
{
    [Theory]
    [InlineData("She was admitted on the third of March last year, then discharged.", "third of March")]
    [InlineData("Seen March 3, 1985 in clinic.", "March 3, 1985")]
    public void Analyze_WrittenDate_FindsIt(string text, string expected)
    {
        var recognizer = new RecognizersTextDateTimeRecognizer();
        List<string> found = [.. recognizer.Analyze(text, default).Select(e => text[e.Start..e.End])];
        Assert.Contains(found, f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Analyze_AgeAndBareYear_NotReported()
    {
        var recognizer = new RecognizersTextDateTimeRecognizer();
        Assert.DoesNotContain(recognizer.Analyze("A 34-year-old diagnosed back in 2021.", default), e => e.End - e.Start <= 4);
    }

    [Fact]
    public void Analyze_LongText_OnlyShortWindowsAndOffsetsInBounds()
    {
        string text = string.Concat(Enumerable.Repeat("Visit on March 3, 1985 and lorem ipsum dolor sit amet. ", 200));
        var found = new RecognizersTextDateTimeRecognizer().Analyze(text, default).ToList();
        Assert.NotEmpty(found);
        Assert.All(found, e => Assert.InRange(e.End, e.Start + 1, text.Length));
    }

    [Fact]
    public void AddRecognizersText_RegistersRecognizerUsedByDetector()
    {
        var services = new ServiceCollection();
        services.AddCompliantAI().AddPiiDetection().AddRecognizersText().AddPhoneNumberRecognizer("GB");
        using ServiceProvider sp = services.BuildServiceProvider();
        var detector = (PiiDetector)sp.GetRequiredService<IPiiDetector>();
        Assert.Contains(detector.Recognizers, r => r is RecognizersTextDateTimeRecognizer);
        Assert.Contains(detector.Recognizers, r => r is PhoneNumberPiiRecognizer);
    }

    [Fact]
    public void PhoneNumberRecognizer_InternationalNumber_Found()
    {
        const string text = "Ring +44 20 7946 0958 tomorrow";
        var found = new PhoneNumberPiiRecognizer().Analyze(text, default).Select(e => text[e.Start..e.End]).ToList();
        Assert.Contains("+44 20 7946 0958", found);
    }
}
