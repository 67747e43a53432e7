using Compliant.AI.ExtractiveModel.Internal;
using Compliant.AI.Tests.Grounding;
using Microsoft.Extensions.AI;
using static Compliant.AI.Tests.ExtractiveModel.ExtractiveSources;

namespace Compliant.AI.Tests.ExtractiveModel;

/// <summary>
/// Questions asking who, in any position of the question, prefer a unit naming someone; "official" before a noun names no
/// one.
/// </summary>
public sealed class ExtractiveChatClientRoleTests
{
    [Theory]
    [InlineData("Whose job is it to handle federal records?")]
    [InlineData("Whom should I ask about parking?")]
    [InlineData("After my supervisor approves the request, who handles it next?")]
    [InlineData("The form is signed, then who reviews it?")]
    public void Of_WhoAfterAClauseOrWhose_AsksForARole(string question)
    {
        Assert.True((QuestionCues.Of(question) & QuestionCue.Role) != 0, question);
    }

    [Theory]
    [InlineData("Can employees who telework claim mileage?")]
    [InlineData("What happens to staff whose badges expire?")]
    public void Of_RelativeWho_AsksForNoRole(string question)
    {
        Assert.Equal(QuestionCue.None, QuestionCues.Of(question) & QuestionCue.Role);
    }

    [Theory]
    [InlineData("All GSA employees are responsible for records management.", true)]
    [InlineData("The records officer is responsible for the files.", true)]
    [InlineData("The privacy official must approve the notice.", true)]
    [InlineData("Ask an official.", true)]
    [InlineData("Visit the portal for procedures on official files and official business.", false)]
    public void Matches_Role_NamesSomeoneNotAnOfficialThing(string sentence, bool names)
    {
        Assert.Equal(names, QuestionCues.Matches(QuestionCue.Role, sentence));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_WhoAfterAClause_QuotesTheUnitNamingSomeone(bool streaming)
    {
        // The first unit repeats more of the question's words; only the second names who reviews the permit.
        string sources = Sources(("Parking permits",
            "Approved parking permit requests are handled on the parking permit request page.\n\n" +
            "The parking coordinator then handles approved permit requests."));
        using var client = new ExtractiveChatClient();

        ChatResponse response = await client.GetResponseAsync(streaming, Ask(sources, "Once my parking permit request is approved, who handles it next?"));

        Assert.StartsWith("The parking coordinator then handles approved permit requests. [S1]", response.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_OfficialBeforeANoun_NamesNoOne(bool streaming)
    {
        // "official travel files" names files, not a person: the unit naming the supervisor answers "who".
        string sources = Sources(("Travel",
            "Approved travel requests and travel request forms are kept in the official travel request files.\n\n" +
            "Your supervisor approves each travel request before you book the trip."));
        using var client = new ExtractiveChatClient();

        ChatResponse response = await client.GetResponseAsync(streaming, Ask(sources, "Who approves a travel request?"));

        Assert.StartsWith("Your supervisor approves each travel request before you book the trip. [S1]", response.Text, StringComparison.Ordinal);
    }

}
