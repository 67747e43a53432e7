using Compliant.AI.ExtractiveModel.Internal;
using Microsoft.Extensions.AI;
using static Compliant.AI.Tests.ExtractiveModel.ExtractiveSources;

namespace Compliant.AI.Tests.ExtractiveModel;

/// <summary>
/// What a "how long / how many / how much" question accepts as its value: a duration, a count or an amount of money, never
/// "once", "each", "every", "one or more" or a bare number.
/// </summary>
public sealed class QuestionCuesTests
{
    [Theory]
    [InlineData("Breach letters must be sent within 60 calendar days of discovery.")]
    [InlineData("Retain the documentation for six years from its creation.")]
    [InlineData("The plan is reviewed once every three years.")]
    [InlineData("Purchases under $10,000 need one approval.")]
    [InlineData("Passwords must be at least 14 characters long.")]
    [InlineData("Submit the form at least 3 business days in advance.")]
    [InlineData("The desk answers within 2 business days.")]
    [InlineData("Keys are rotated annually.")]
    [InlineData("Comp time expires after 26 pay periods.")]
    [InlineData("Notify the media when more than 500 residents are affected.")]
    [InlineData("Badges are printed every Wednesday.")]
    [InlineData("You may hold only one account.")]
    [InlineData("A 45-day window applies.")]
    public void HasMeasure_DurationsCountsAndAmounts_AreValues(string sentence)
    {
        Assert.True(QuestionCues.HasMeasure(sentence), sentence);
    }

    [Theory]
    [InlineData("Once confirmed, the security team can pay the reward.")]
    [InlineData("Once you know the tool better, you may create channels.")]
    [InlineData("The office runs periodic reviews for each of the systems.")]
    [InlineData("An entity that designates one or more components must say so.")]
    [InlineData("Every employee is responsible for records.")]
    [InlineData("See § 164.404 and paragraph (a)(1) of 45 CFR part 160.")]
    [InlineData("The employer code is 10536")]
    [InlineData("Take annual leave before the end of the year.")]
    public void HasMeasure_OnceEachEveryOneOrABareNumber_AreNoValues(string sentence)
    {
        Assert.False(QuestionCues.HasMeasure(sentence), sentence);
    }

    [Fact]
    public void HasMeasure_MoneyQuestion_WantsAnAmountOfMoney()
    {
        Assert.True(QuestionCues.AsksForMoney("How much does the conference registration cost?"));
        Assert.True(QuestionCues.AsksForMoney("What is the maximum registration fee?"));
        Assert.False(QuestionCues.AsksForMoney("How much annual leave can I carry over?"));
        Assert.False(QuestionCues.AsksForMoney("How long before the fee is due?"));
        Assert.False(QuestionCues.HasMeasure("How much does the conference registration cost?", "Requests are answered within 2 business days."));
        Assert.True(QuestionCues.HasMeasure("How much does the conference registration cost?", "Registration costs $450 per person."));
    }

    [Theory]
    [MemberData(nameof(NoValueCases))]
    public async Task GetResponse_MeasureQuestion_OnceEachOrOneIsNoValue_SaysItCannotAnswer(string question, string text, bool streaming)
    {
        using var client = new ExtractiveChatClient();

        ChatResponse response = await client.GetResponseAsync(streaming, Ask(Sources(("Program", text)), question));

        Assert.Equal(GroundingOptions.DefaultCannotAnswerText, response.Text);
    }

    public static TheoryData<string, string, bool> NoValueCases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (bool streaming in new[] { false, true })
        {
            data.Add("How much money is the reward for a reported flaw?", "Once a reported flaw is verified, the security team can pay the reward.", streaming);
            data.Add("How many shared channels may I create?", "Once you are familiar with the chat tool, you may create shared channels for your team.", streaming);
            data.Add("How long does the privacy office take to review a system?", "The privacy office runs periodic reviews for each of the agency's systems.", streaming);
            data.Add("How long must we keep the component designation?", "An entity that designates one or more components must keep the designation.", streaming);
            data.Add("How much does the conference registration cost?", "Conference registration requests are answered within 2 business days.", streaming);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ValueCases))]
    public async Task GetResponse_MeasureQuestion_RealValueIsQuoted(string question, string fact, bool streaming)
    {
        string sources = Sources(("Program",
            "Once a reported flaw is verified, the security team can pay the reward. The reward for a critical flaw is $5,000.\n\n" +
            "An entity that designates one or more components must keep the designation. The designation is kept for six years.\n\n" +
            "The contingency plan is tested once every three years.\n\n" +
            "Travel requests are due at least 3 business days before departure."));
        using var client = new ExtractiveChatClient(new ExtractiveChatClientOptions { MaxSentences = 1 });

        ChatResponse response = await client.GetResponseAsync(streaming, Ask(sources, question));

        Assert.Contains(fact, response.Text, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, bool> ValueCases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (bool streaming in new[] { false, true })
        {
            data.Add("How much money is the reward for a critical flaw?", "$5,000", streaming);
            data.Add("How long is the component designation kept?", "six years", streaming);
            data.Add("How often is the contingency plan tested?", "once every three years", streaming);
            data.Add("How many days before departure are travel requests due?", "3 business days", streaming);
        }

        return data;
    }
}
