using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Compliant.AI.Tests.Pii;

public class PiiDetectorTests
{
    [Theory]
    [InlineData("SSN 536\u200B-90-\u200D4399 ok", "536\u200B-90-\u200D4399")] // zero-width characters
    [InlineData("SSN 536\u00A090\u00A04399 ok", "536\u00A090\u00A04399")] // no-break spaces
    [InlineData("SSN \uFF15\uFF13\uFF16-\uFF19\uFF10-\uFF14\uFF13\uFF19\uFF19 ok", "\uFF15\uFF13\uFF16-\uFF19\uFF10-\uFF14\uFF13\uFF19\uFF19")] // full-width digits
    [InlineData("card 4111\u20111111\u20111111\u20111111 ok", "4111\u20111111\u20111111\u20111111")] // non-breaking hyphens
    public void Detect_Evasions_FoundWithOffsetsIntoOriginalText(string text, string value)
    {
        PiiEntity e = Assert.Single(PiiTestHelpers.Default.Detect(text));
        Assert.Equal(value, text[e.Start..e.End]);
    }

    [Fact]
    public void Detect_OverlappingCandidates_HigherScoreWinsAndResultIsOrderedNonOverlapping()
    {
        const string text = "Email maria@example.com, card 4111111111111111, phone 212-555-0187.";
        IReadOnlyList<PiiEntity> found = PiiTestHelpers.Default.Detect(text);
        Assert.Equal(["EMAIL_ADDRESS", "CREDIT_CARD", "PHONE_NUMBER"], found.Select(e => e.Type));
        for (int i = 1; i < found.Count; i++)
        {
            Assert.True(found[i - 1].End <= found[i].Start);
        }
    }

    [Fact]
    public void Detect_AllowList_TermNeverReported()
    {
        var options = new PiiDetectionOptions();
        options.AllowList.Add("Maria Okafor");
        Assert.Empty(new PiiDetector(options).Detect("Patient: Maria Okafor"));
    }

    [Fact]
    public void Detect_DenyList_TermAlwaysReportedAsWholeWord()
    {
        var options = new PiiDetectionOptions();
        options.DenyList.Add("Project Bluebird");
        const string text = "status of project bluebird; not project bluebirds";
        PiiEntity e = Assert.Single(new PiiDetector(options).Detect(text));
        Assert.Equal(("DENY_LIST", "project bluebird", 1.0), (e.Type, text[e.Start..e.End], e.Score));
    }

    [Fact]
    public void Detect_PerTypeThreshold_DropsTypeBelowIt()
    {
        var options = new PiiDetectionOptions();
        options.Thresholds["PERSON"] = 0.99;
        Assert.DoesNotContain(new PiiDetector(options).Detect("Maria Okafor agreed; SSN 536-90-4399"), e => e.Type == "PERSON");
    }

    [Fact]
    public void Detect_EntityTypesFilter_OnlyThoseTypes()
    {
        var options = new PiiDetectionOptions();
        options.EntityTypes.Add("US_SSN");
        Assert.Equal(["US_SSN"], new PiiDetector(options).Detect("Maria Okafor, maria@example.com, SSN 536-90-4399").Select(e => e.Type));
    }

    [Fact]
    public void AddPiiDetection_CustomPatternFromConfiguration_DetectsAndBoostsWithContext()
    {
        IConfiguration config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Compliant:Pii:Detection:CustomPatterns:0:Name"] = "employee_id",
            ["Compliant:Pii:Detection:CustomPatterns:0:EntityType"] = "EMPLOYEE_ID",
            ["Compliant:Pii:Detection:CustomPatterns:0:Pattern"] = @"\bEMP-[0-9]{6}\b",
            ["Compliant:Pii:Detection:CustomPatterns:0:Score"] = "0.3",
            ["Compliant:Pii:Detection:CustomPatterns:0:ContextWords:0"] = "employee",
        }).Build();
        var services = new ServiceCollection().AddSingleton(config);
        services.AddCompliantAI().AddPiiDetection();
        using ServiceProvider sp = services.BuildServiceProvider();
        IPiiDetector detector = sp.GetRequiredService<IPiiDetector>();

        Assert.Empty(detector.Detect("ticket EMP-123456"));
        PiiEntity e = Assert.Single(detector.Detect("employee EMP-123456"));
        Assert.Equal("EMPLOYEE_ID", e.Type);
    }

    [Fact]
    public void AddPiiDetection_InvalidOptions_FailsValidation()
    {
        var services = new ServiceCollection();
        services.AddCompliantAI().AddPiiDetection(o => o.DefaultThreshold = 2);
        using ServiceProvider sp = services.BuildServiceProvider();
        Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<PiiDetectionOptions>>().Value);
    }

    [Fact]
    public void AddPiiDetection_CalledTwice_OneDetector()
    {
        var services = new ServiceCollection();
        services.AddCompliantAI().AddPiiDetection().AddPiiDetection();
        Assert.Single(services, d => d.ServiceType == typeof(IPiiDetector));
    }

    [Fact]
    public void Detect_Null_Throws() => Assert.Throws<ArgumentNullException>(() => PiiTestHelpers.Default.Detect(null!));

    [Fact]
    public void Detect_Empty_ReturnsEmpty() => Assert.Empty(PiiTestHelpers.Default.Detect(string.Empty));

    [Fact]
    public void Detect_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => PiiTestHelpers.Default.Detect("Maria Okafor", cts.Token));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Detect_HugeOrHostileInput_CompletesWithValidEntities(int kind)
    {
        string text = kind switch
        {
            1 => string.Concat(Enumerable.Repeat("Patient Maria Okafor, SSN 536-90-4399, seen March 3, 1985 at 112 Elm Street. ", 130_000)), // ~10 MB
            2 => new string('7', 2_000_000), // one very long line of digits
            _ => "\uD800abc \uDC00 Maria \uD83D 536-90-4399 \uDFFF" + new string('\uD800', 10_000),
        };
        IReadOnlyList<PiiEntity> found = PiiTestHelpers.Default.Detect(text);
        AssertWellFormed(text, found);
    }

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public bool Detect_AnyString_NeverThrowsAndEntitiesInBoundsOrderedNonOverlapping(string? text)
    {
        text ??= string.Empty;
        IReadOnlyList<PiiEntity> found = PiiTestHelpers.Default.Detect(text);
        AssertWellFormed(text, found);
        return true;
    }

    [FsCheck.Xunit.Property(MaxTest = 200)]
    public bool Detect_IdentifierWithInjectedZeroWidth_StillFound(PositiveInt seed)
    {
        const string ssn = "536-90-4399";
        int at = 1 + (seed.Get % (ssn.Length - 1));
        string text = "SSN " + ssn[..at] + "\u200B" + ssn[at..] + " ok";
        PiiEntity e = Assert.Single(PiiTestHelpers.Default.Detect(text));
        return text[e.Start..e.End].Replace("\u200B", string.Empty, StringComparison.Ordinal) == ssn;
    }

    private static void AssertWellFormed(string text, IReadOnlyList<PiiEntity> found)
    {
        int previousEnd = 0;
        foreach (PiiEntity e in found)
        {
            Assert.InRange(e.Start, previousEnd, text.Length - 1);
            Assert.InRange(e.End, e.Start + 1, text.Length);
            Assert.InRange(e.Score, 0, 1);
            previousEnd = e.End;
        }
    }
}
