namespace Compliant.AI.Tests.Pii;

/// <summary>
/// Policy and regulation text is full of capitalized words that are not personal data: organisation names, Title
/// Case headings, departments, citations of laws. Each look-alike sits beside the true positive it resembles, so a
/// fix that only deletes detections fails here.
/// </summary>
public class PolicyTextFalsePositiveTests
{
    [Theory]
    [InlineData("This procedure describes how Northwind Health Partners assesses vendors.")]
    [InlineData("Northwind Health employees must use multi-factor authentication.")]
    [InlineData("# Protected Health Information Handling Policy")]
    [InlineData("Uses of Individually Identifiable Health Information are limited.")]
    [InlineData("Acme Bank Holdings and Contoso Clinic Services signed the agreement.")]
    [InlineData("As used in this subpart, the following terms have the following meanings.")]
    [InlineData("- As a workforce member, you must report incidents. Most systems log access as required.")]
    [InlineData("See 45 CFR Part 164 for the requirements.")]
    [InlineData("Published at 65 FR 82802 and amended at 78 FR 5695.")]
    [InlineData("Described in 45 CFR Part 160 Subpart A and in Table 1.")]
    [InlineData("Police asked us verbally to hold off on breach notices. How long can we wait?")]
    [InlineData("Split the report into two parts. Delta files list only the changes.")]
    public void Detect_OrganisationsHeadingsAndCitations_AreNotLocations(string text)
    {
        Assert.Empty(PiiTestHelpers.Default.ValuesOf(text, "LOCATION"));
    }

    [Theory]
    [InlineData("## Due diligence\n\nBefore a contract is signed, the vendor's controls are reviewed.")]
    [InlineData("Payment is due within 30 days.\nDue dates are tracked by finance.")]
    [InlineData("The privacy officer investigates together with Human Resources.")]
    [InlineData("It is restricted to Human Resources and compliance, as required by the HIPAA Privacy and Security Rules.")]
    [InlineData("(i) Hold themselves out to the public as a provider; they hold records.")]
    [InlineData("You can use Sick Leave for appointments. Unused sick leave is not paid out.")]
    [InlineData("You can self-register on Max.gov with your work e-mail.")]
    public void Detect_CommonWordsCapitalizedByPosition_AreNotPeople(string text)
    {
        Assert.Empty(PiiTestHelpers.Default.ValuesOf(text, "PERSON"));
    }

    [Theory]
    [InlineData("Dr. Due reviewed the vendor's controls.", "Due")]
    [InlineData("Maria Due called the clinic about her results.", "Maria Due")]
    [InlineData("## Due diligence\n\nMaria Due reviewed the vendor's controls.", "Maria Due")]
    [InlineData("Payment is due today. Dr. Due will call back.", "Due")]
    [InlineData("Latest advice for Susan Williams, who was seen on Monday (email: susan.williams@example.com).", "Susan Williams")]
    [InlineData("Patient John reported pain; see John's notes (john_doe@example.com).", "John")]
    public void Detect_NamesBesideTheLookAlikes_AreStillPeople(string text, string name)
    {
        Assert.Contains(name, PiiTestHelpers.Default.ValuesOf(text, "PERSON"));
    }

    [Theory]
    [InlineData("I was seen at Stanford Health last year.", "Stanford Health")]
    [InlineData("She was admitted to Mercy Clinic on Monday.", "Mercy Clinic")]
    [InlineData("Diagnosed at Stanford Health Care in 2023.", "Stanford Health Care")]
    [InlineData("Treatment at Children's Hospital Los Angeles went well.", "Children's Hospital")]
    [InlineData("A patient from Houston, seen in Dallas last week.", "Houston")]
    [InlineData("A patient from Houston, seen in Dallas last week.", "Dallas")]
    [InlineData("The records were mailed to 45 Elm Street, Springfield.", "45 Elm Street, Springfield")]
    [InlineData("She flew to Split last week for the conference.", "Split")]
    [InlineData("A patient from Police, seen in Dallas last week.", "Police")]
    [InlineData("She lives at 12 Health Street, Springfield.", "12 Health Street, Springfield")]
    public void Detect_PlacesBesideTheLookAlikes_AreStillLocations(string text, string place)
    {
        Assert.Contains(place, PiiTestHelpers.Default.ValuesOf(text, "LOCATION"));
    }
}
