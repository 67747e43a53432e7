namespace Compliant.AI.Tests.Pii;

/// <summary>
/// People and places found from structure and context rather than from a list: whole postal addresses, place and
/// care-facility cues, introductions, names listed together, surname endings; and the look-alikes that must stay untouched.
/// </summary>
public class NameAndAddressRecognitionTests
{
    [Theory]
    [InlineData("Ship to 4821 Vaskitie 17 Apt. 12\nTampere\n, PI\n Finland 33100 please", "4821 Vaskitie 17 Apt. 12\nTampere\n, PI\n Finland 33100")]
    [InlineData("Address:\n 77 Quarry Lane\n Suite 4\n Dunedin\n New Zealand 9016\nPhone: none", "77 Quarry Lane\n Suite 4\n Dunedin\n New Zealand 9016")]
    [InlineData("Send it to 15 Harbour Road Ferris Gardens, Cork, Ireland.", "15 Harbour Road Ferris Gardens, Cork, Ireland")]
    [InlineData("> 3301 Oak Crescent\n> Apt. 7\n> Halifax\n> Canada B3H 4R2", "3301 Oak Crescent\n> Apt. 7\n> Halifax\n> Canada B3H 4R2")]
    [InlineData("The clinic is on Lindenallee 42 now.", "Lindenallee 42")]
    [InlineData("meet at the corner of Birch Street and Mill Road.", "Birch Street and Mill Road")]
    [InlineData("ZIP: 3520", "3520")]
    public void Detect_PostalAddress_FindsTheWholeAddressAsOneLocation(string text, string expected)
    {
        Assert.Equal([expected], PiiTestHelpers.Default.ValuesOf(text, "LOCATION"));
    }

    [Fact]
    public void Detect_AddressFollowedByAnotherAddressee_StopsAtTheAddress()
    {
        const string text = "12 Elm Street\nSpringfield\nMaria Okafor\nnext line";
        Assert.Equal(["12 Elm Street\nSpringfield"], PiiTestHelpers.Default.ValuesOf(text, "LOCATION"));
        Assert.Equal(["Maria Okafor"], PiiTestHelpers.Default.ValuesOf(text, "PERSON"));
    }

    [Theory]
    [InlineData("Mr. Vale grew up in Quillhaven.", "Quillhaven")]
    [InlineData("We moved here from Ostravice last spring", "Ostravice")]
    [InlineData("I am in Tarnby for a business trip", "Tarnby")]
    [InlineData("I will be travelling to France next week", "France")]
    [InlineData("Where: Lakemoor Country Club", "Lakemoor Country Club")]
    [InlineData("Stella Marsh\n\nVillanueva del Rio\nSpain", "Villanueva del Rio\nSpain")]
    public void Detect_PlaceAfterCue_IsLocation(string text, string place)
    {
        Assert.Contains(place, PiiTestHelpers.Default.ValuesOf(text, "LOCATION"));
    }

    [Theory]
    [InlineData("HTN follow-up for pt seen at Johns Hopkins on 3/4/2023.", "Johns Hopkins")]
    [InlineData("admitted to Cedars-Sinai on Feb 2", "Cedars-Sinai")]
    [InlineData("treated at NY Presbyterian in May", "NY Presbyterian")]
    [InlineData("residing at Greenfield Senior Center, seen monthly", "Greenfield Senior Center")]
    public void Detect_CareFacilityAfterCue_IsLocationNotPerson(string text, string facility)
    {
        Assert.Contains(facility, PiiTestHelpers.Default.ValuesOf(text, "LOCATION"));
        Assert.Empty(PiiTestHelpers.Default.ValuesOf(text, "PERSON"));
    }

    [Theory]
    [InlineData("My name is Akinori", "Akinori")]
    [InlineData("I'm Tavish Orrin, from the billing team", "Tavish Orrin")]
    [InlineData("Her maiden name is Quenneville", "Quenneville")]
    [InlineData("She named him Frank", "Frank")]
    [InlineData("Maybe it's under Ilse Vandoorne", "Ilse Vandoorne")]
    [InlineData("Gijsbrecht: \"Who are you?\"", "Gijsbrecht")]
    [InlineData("It was between him and Franciska's kid, they said.", "Franciska")]
    [InlineData("Have you been to a Pálmi Einarsson concert?", "Pálmi Einarsson")]
    [InlineData("Please add Valida M. Ibragimov as a beneficiary", "Valida M. Ibragimov")]
    [InlineData("Producer Mashuu Samurakami explained it", "Mashuu Samurakami")]
    public void Detect_PersonFromContext_IsFound(string text, string name)
    {
        Assert.Contains(name, PiiTestHelpers.Default.ValuesOf(text, "PERSON"));
    }

    [Fact]
    public void Detect_NamesListedWithAKnownName_AreAllPeople()
    {
        const string text = "our 3 founders: Gerste, Johnson and Quorra.";
        Assert.Equal(["Gerste", "Johnson", "Quorra"], PiiTestHelpers.Default.ValuesOf(text, "PERSON"));
    }

    [Theory]
    [InlineData("The Princess Royal arrived this morning.")]
    [InlineData("I'm Sorry, that will not work.")]
    [InlineData("Kubernetes is down again; the Grafana Alerting rule fired overnight.")]
    [InlineData("Restarted the Redis Sentinel cluster and the Payments API recovered.")]
    [InlineData("Take 2 Advil 200 mg twice daily.")]
    [InlineData("Assessment: stable.\nPlan: continue metformin.\nFollow-up: 3 months.")]
    [InlineData("Error 404 on Checkout Service 2 after deploy 17.")]
    [InlineData("Agent: thanks for waiting.\nCustomer: no problem.")]
    public void Detect_LookAlikes_StayUntouched(string text)
    {
        Assert.Empty(PiiTestHelpers.Default.Detect(text));
    }
}
