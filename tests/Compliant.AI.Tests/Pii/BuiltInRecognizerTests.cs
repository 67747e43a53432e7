namespace Compliant.AI.Tests.Pii;

/// <summary>Each built-in recognizer through the default <see cref="PiiDetector"/>: positives with exact offsets, negatives, checksum rejections.</summary>
public class BuiltInRecognizerTests
{
    [Theory]
    [InlineData("Mail me at maria.okafor@example.com today.", "EMAIL_ADDRESS", "maria.okafor@example.com")]
    [InlineData("Card 4111 1111 1111 1111 expires soon", "CREDIT_CARD", "4111 1111 1111 1111")]
    [InlineData("Paid with 5500-0000-0000-0004.", "CREDIT_CARD", "5500-0000-0000-0004")]
    [InlineData("Amex 378282246310005 on file", "CREDIT_CARD", "378282246310005")]
    [InlineData("SSN: 536-90-4399.", "US_SSN", "536-90-4399")]
    [InlineData("her ssn is 536904399", "US_SSN", "536904399")]
    [InlineData("SSN: 123-45-6789", "US_SSN", "123-45-6789")]
    [InlineData("Call (212) 555-0187 now", "PHONE_NUMBER", "(212) 555-0187")]
    [InlineData("phone: 212-555-0187x123", "PHONE_NUMBER", "212-555-0187x123")]
    [InlineData("Ring +44 20 7946 0958 please", "PHONE_NUMBER", "+44 20 7946 0958")]
    [InlineData("IBAN DE89 3704 0044 0532 0130 00 please", "IBAN_CODE", "DE89 3704 0044 0532 0130 00")]
    [InlineData("to GB82WEST12345698765432.", "IBAN_CODE", "GB82WEST12345698765432")]
    [InlineData("from 192.168.10.25 at noon", "IP_ADDRESS", "192.168.10.25")]
    [InlineData("host 2001:db8::8a2e:370:7334 down", "IP_ADDRESS", "2001:db8::8a2e:370:7334")]
    [InlineData("host fe80::1 down", "IP_ADDRESS", "fe80::1")]
    [InlineData("see https://portal.example.org/a?b=1.", "URL", "https://portal.example.org/a?b=1")]
    [InlineData("(MRN: CH-203948)", "MEDICAL_RECORD_NUMBER", "CH-203948")]
    [InlineData("Member ID 88412977 on the card", "MEDICAL_RECORD_NUMBER", "88412977")]
    [InlineData("Patient chart MRN 00482913 opened by clinician", "MEDICAL_RECORD_NUMBER", "00482913")]
    [InlineData("case ref MRN-77 id 55120934", "MEDICAL_RECORD_NUMBER", "MRN-77")]
    [InlineData("Health Plan ID: HPI-987654", "MEDICAL_RECORD_NUMBER", "HPI-987654")]
    [InlineData("checking account number 004417283991", "US_BANK_NUMBER", "004417283991")]
    [InlineData("passport number 912803456", "US_PASSPORT", "912803456")]
    [InlineData("driver's license D1234567", "US_DRIVER_LICENSE", "D1234567")]
    [InlineData("NHS number 943 476 5919", "UK_NHS", "943 476 5919")]
    [InlineData("SWIFT code DEUTDEFF500 for the wire", "SWIFT_CODE", "DEUTDEFF500")]
    [InlineData("Born March 3, 1985 in Ohio", "DATE_TIME", "March 3, 1985")]
    [InlineData("DOB 3 Mar 85.", "DATE_TIME", "3 Mar 85")]
    [InlineData("seen on 03/04/1985", "DATE_TIME", "03/04/1985")]
    [InlineData("at 2023-04-25T10:00:00Z", "DATE_TIME", "2023-04-25T10:00:00Z")]
    [InlineData("Sept 10th, 2023 visit", "DATE_TIME", "Sept 10th, 2023")]
    [InlineData("Patient: Maria Okafor was seen", "PERSON", "Maria Okafor")]
    [InlineData("Referred by Dr. Chen for review", "PERSON", "Chen")]
    [InlineData("a 55-year-old female, Lisa R., presented", "PERSON", "Lisa R.")]
    [InlineData("Dear Oluwaseun,", "PERSON", "Oluwaseun")]
    [InlineData("Thanks,\nPriya Natarajan", "PERSON", "Priya Natarajan")]
    [InlineData("She lives at 112 Elm Street, Springfield, IL 62704 now", "LOCATION", "112 Elm Street, Springfield, IL 62704")]
    [InlineData("moved to Austin, TX 78701.", "LOCATION", "Austin, TX 78701")]
    [InlineData("treated at Methodist Hospital yesterday", "LOCATION", "Methodist Hospital")]
    public void Detect_KnownValue_FindsItWithExactOffsets(string text, string type, string value)
    {
        Assert.Contains((type, value), PiiTestHelpers.Default.Find(text));
    }

    [Theory]
    [InlineData("Card 4111 1111 1111 1112 declined")] // Luhn fails
    [InlineData("SSN 000-12-3456")] // area 000
    [InlineData("SSN 666-12-3456")] // area 666
    [InlineData("SSN 912-12-3456")] // area 9xx
    [InlineData("SSN 123-00-4567")] // group 00
    [InlineData("SSN 123-45-0000")] // serial 0000
    [InlineData("IBAN DE89 3704 0044 0532 0130 01")] // mod-97 fails
    [InlineData("NHS number 943 476 5918")] // mod-11 fails
    [InlineData("version 1.2.3.4.5 of 999.1.1.1")]
    public void Detect_InvalidChecksumOrRule_NotReportedAsThatType(string text)
    {
        string[] checksumTypes = ["CREDIT_CARD", "US_SSN", "IBAN_CODE", "UK_NHS", "IP_ADDRESS"];
        Assert.DoesNotContain(PiiTestHelpers.Default.Detect(text), e => checksumTypes.Contains(e.Type));
    }

    [Theory]
    [InlineData("The example number 123-45-6789 is printed in the leaflet.")]
    [InlineData("Woolworth wallet card 078-05-1120.")]
    public void Detect_KnownExampleSsnWithoutLabel_NotReported(string text)
    {
        Assert.DoesNotContain(PiiTestHelpers.Default.Detect(text), e => e.Type == "US_SSN");
    }

    [Theory]
    [InlineData("What are the guidelines for a 55-year-old male with chronic kidney disease? He was diagnosed back in 2021.")]
    [InlineData("Give 2 tablets 3 times a day for 10 days; BP 120/80.")]
    [InlineData("The meeting covered Q3 revenue and the roadmap.")]
    [InlineData("Order 66 shipped in box 12 of 40.")]
    public void Detect_NoPersonalData_ReturnsNothing(string text)
    {
        Assert.Empty(PiiTestHelpers.Default.Detect(text));
    }

    [Fact]
    public void Detect_Explanation_NamesRecognizerPatternValidationAndContext()
    {
        PiiEntity card = Assert.Single(PiiTestHelpers.Default.Detect("card 4111 1111 1111 1111"));
        Assert.Equal("CreditCardRecognizer", card.Explanation!.Recognizer);
        Assert.Equal("luhn", card.Explanation.Validation);

        PiiEntity ssn = Assert.Single(PiiTestHelpers.Default.Detect("my ssn 536904399"));
        Assert.Contains("ssn", ssn.Explanation!.ContextWords!);
        Assert.True(ssn.Score > ssn.Explanation.OriginalScore);
    }
}
