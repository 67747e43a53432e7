using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;

namespace Compliant.AI.Tests.PiiRedaction;

public class PiiRedactorTests
{
    private static readonly DataClassification FreeText = new("TestTaxonomy", "FreeText");
    private static readonly DataClassification Other = new("TestTaxonomy", "Other");

    private static IRedactorProvider Provider(Action<IServiceCollection>? extra = null)
    {
        var services = new ServiceCollection().AddSingleton<IPiiDetector>(new TestPiiDetector());
        extra?.Invoke(services);
        services.AddRedaction(r => r.SetPiiRedactor(FreeText));
        return services.BuildServiceProvider().GetRequiredService<IRedactorProvider>();
    }

    [Fact]
    public void Redact_ThroughRedactionFramework_ReplacesOnlyPersonalData()
    {
        Redactor redactor = Provider().GetRedactor(FreeText);

        string result = redactor.Redact($"Ticket from {TestPiiDetector.Name}, SSN {TestPiiDetector.Ssn}, about billing.");

        Assert.IsType<PiiRedactor>(redactor);
        Assert.Equal("Ticket from <PERSON_1>, SSN <US_SSN_1>, about billing.", result);
    }

    [Fact]
    public void Redact_SpanApi_ReportsLengthAndWritesDestination()
    {
        Redactor redactor = Provider().GetRedactor(FreeText);
        string input = $"mail {TestPiiDetector.Email}";

        int length = redactor.GetRedactedLength(input);
        char[] buffer = new char[length];
        int written = redactor.Redact(input, buffer);

        Assert.Equal("mail <EMAIL_ADDRESS_1>", new string(buffer, 0, written));
        Assert.Equal(string.Empty, redactor.Redact(string.Empty));
        Assert.Throws<ArgumentException>(() => redactor.Redact(input.AsSpan(), new char[3]));
    }

    [Fact]
    public void Redact_OtherClassification_UsesFrameworkFallback()
    {
        Assert.IsNotType<PiiRedactor>(Provider().GetRedactor(Other));
    }

    [Fact]
    public void Redact_HashOperatorFromOptions_IsOneWayAndKeyed()
    {
        Redactor redactor = Provider(s => s.AddSingleton(PiiKey.CreateRandom()).Configure<PiiRedactorOptions>(o => o.DefaultOperator = PiiOperatorKind.Hash)).GetRedactor(FreeText);

        string result = redactor.Redact($"for {TestPiiDetector.Name}");

        Assert.Matches("^for <PERSON#[0-9a-f]{16}>$", result);
    }

    [Fact]
    public void Redact_ConcurrentCallers_EachGetTheirOwnResult()
    {
        Redactor redactor = Provider().GetRedactor(FreeText);
        Parallel.For(0, 2000, i =>
        {
            string input = i % 2 == 0 ? $"{i} {TestPiiDetector.Name}" : $"{i} {TestPiiDetector.Ssn}";
            string expected = i % 2 == 0 ? $"{i} <PERSON_1>" : $"{i} <US_SSN_1>";
            Assert.Equal(expected, redactor.Redact(input));
        });
    }
}
