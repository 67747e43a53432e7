namespace Compliant.AI.Tests.Pii;

public class PiiDetectorSmokeTests
{
    [Theory]
    [InlineData("Mail me at maria.okafor@example.com today.", "EMAIL_ADDRESS", "maria.okafor@example.com")]
    [InlineData("Card 4111 1111 1111 1111 expires soon", "CREDIT_CARD", "4111 1111 1111 1111")]
    [InlineData("SSN: 536-90-4399.", "US_SSN", "536-90-4399")]
    [InlineData("Call (212) 555-0187 now", "PHONE_NUMBER", "(212) 555-0187")]
    [InlineData("IBAN DE89 3704 0044 0532 0130 00 please", "IBAN_CODE", "DE89 3704 0044 0532 0130 00")]
    [InlineData("from 192.168.10.25 at noon", "IP_ADDRESS", "192.168.10.25")]
    [InlineData("(MRN: CH-203948)", "MEDICAL_RECORD_NUMBER", "CH-203948")]
    public void Detect_KnownValue_FindsIt(string text, string type, string value)
    {
        Assert.Contains((type, value), PiiTestHelpers.Default.Find(text));
    }
}
