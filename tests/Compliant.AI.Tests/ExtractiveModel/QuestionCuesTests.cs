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
    public void RedactedTime_AnswersATimeQuestionButIsNoCount()
    {
        const string Redacted = "A small plan must comply no later than <DATE_TIME_2>.";

        Assert.True(QuestionCues.HasRedactedTime(Redacted));
        Assert.True(QuestionCues.Matches(QuestionCues.Of("When must a small plan comply?"), Redacted));
        Assert.False(QuestionCues.HasMeasure(Redacted));
        Assert.False(QuestionCues.HasRedactedTime("Contact <PERSON_1> by <EMAIL_ADDRESS_1>."));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_CountQuestion_RedactedDateIsNoCount_SaysItCannotAnswer(bool streaming)
    {
        // "How many days" counts days: a unit whose only value is a (redacted) date does not answer it.
        string sources = Sources(("Complaints", "As of the publication of this guidance on <DATE_TIME_1>, patients file complaints with the office.\n"));
        using var client = new ExtractiveChatClient();

        ChatResponse response = await client.GetResponseAsync(streaming, Ask(sources, "How many days does a patient have to file a complaint with the office?"));

        Assert.Equal(GroundingOptions.DefaultCannotAnswerText, response.Text);
    }

    [Fact]
    public void HasMeasure_MoneyQuestion_WantsAnAmountOfMoney()
    {
        Assert.True(QuestionCues.AsksForMoney("How much does the conference registration cost?"));
        Assert.True(QuestionCues.AsksForMoney("What is the maximum registration fee?"));
        Assert.False(QuestionCues.AsksForMoney("How much annual leave can I carry over?"));
        Assert.False(QuestionCues.AsksForMoney("How long before the fee is due?"));
        Assert.True(QuestionCues.AsksForMoney("How large is the honorarium for a guest speaker?"));
        Assert.True(QuestionCues.AsksForMoney("What is the largest bounty paid for a vulnerability?"));
        Assert.True(QuestionCues.AsksForMeasure("How large is the honorarium for a guest speaker?"));
        Assert.False(QuestionCues.AsksForMoney("What is the highest security level for a system?"));
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

    [Fact]
    public void AsksForMeasure_RateLimitAgeAndMostOfAUnit_AskForAValue()
    {
        Assert.True(QuestionCues.AsksForMoney("What is the civil penalty per violation?"));
        Assert.True(QuestionCues.AsksForMeasure("What is the civil penalty per violation?"));
        Assert.True(QuestionCues.AsksForMeasure("What is the most the agency will pay for a registration fee?"));
        Assert.True(QuestionCues.AsksForMeasure("At what age can a student sign the form?"));
        Assert.True(QuestionCues.AsksForMeasure("What is the most comp time hours I can earn?"));
        Assert.Equal("hour", QuestionCues.AskedUnit("What is the most comp time hours I can earn?"));
        Assert.Equal("day", QuestionCues.AskedUnit("What is the maximum number of days I can carry over?"));
        Assert.False(QuestionCues.AsksForMeasure("What is the penalty policy for late forms?"));
        Assert.False(QuestionCues.AsksForMoney("How many hours per pay period do I work?"));
    }

    [Theory]
    [InlineData("Students aged 18 or older may sign alone.", true)]
    [InlineData("Ages over 89 years old are grouped together.", true)]
    [InlineData("A parent signs for a child under the age of 13.", true)]
    [InlineData("Members must be 65 years of age.", true)]
    [InlineData("The report noted the average age of members was 45 years.", false)]
    [InlineData("Keep the form for six years.", false)]
    public void HasAge_OnlyAnAgeIsAnAge(string sentence, bool age)
    {
        Assert.Equal(age, QuestionCues.HasAge(sentence));
    }

    [Fact]
    public void CountedNoun_HowManyOfANoun_CountsThatNoun()
    {
        Assert.Equal("channels", QuestionCues.CountedNoun("How many Slack channels am I allowed to create?"));
        Assert.Equal("patients", QuestionCues.CountedNoun("How many affected patients does it take?"));
        Assert.Null(QuestionCues.CountedNoun("How many days a week may I telework?"));
        Assert.Null(QuestionCues.CountedNoun("How many credit hours can I bank?"));
        Assert.True(QuestionCues.CountsOf("channels", "Each team may create up to 10 shared channels."));
        Assert.True(QuestionCues.CountsOf("people", "Notify the media when more than 500 individuals are affected."));
        Assert.False(QuestionCues.CountsOf("channels", "Connect creates shared channels between two workplaces."));
        Assert.False(QuestionCues.CountsOf("channels", "There are two types of channels, public and private."));
        Assert.True(QuestionCues.CountsOf("channels", "TTS has over 1,000 channels in its workspace."));
    }

    [Theory]
    [MemberData(nameof(NearMissCases))]
    public async Task GetResponse_ValueForAnotherKindOrSubject_SaysItCannotAnswer(string question, string nearMiss, string answering, string fact, bool streaming)
    {
        // Each near miss holds a value related to the question, of another kind or for another subject; the answering
        // variant adds the unit that does answer, so the rule is not a blanket refusal.
        const string Filler =
            "The office publishes its guidance on the intranet. Questions go to the help desk through the ticket form. " +
            "Managers review the guidance at the start of each quarter. The handbook lists the contacts for each program. " +
            "Forms are signed electronically.";
        using var client = new ExtractiveChatClient(new ExtractiveChatClientOptions { MaxSentences = 1 });

        ChatResponse declined = await client.GetResponseAsync(streaming, Ask(Sources(("Program", nearMiss + "\n\n" + Filler)), question));
        ChatResponse answered = await client.GetResponseAsync(streaming, Ask(Sources(("Program", nearMiss + "\n\n" + answering + "\n\n" + Filler)), question));

        Assert.Equal(GroundingOptions.DefaultCannotAnswerText, declined.Text);
        Assert.Contains(fact, answered.Text, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string, string, bool> NearMissCases()
    {
        var data = new TheoryData<string, string, string, string, bool>();
        foreach (bool streaming in new[] { false, true })
        {
            // A rate ("per violation") with a money word asks for an amount: a definition of the penalty is no amount.
            data.Add(
                "What is the civil penalty per violation?",
                "Civil penalty means the amount the agency determines under its enforcement rules.",
                "The civil penalty is $100 per violation.",
                "$100",
                streaming);

            // "The most the agency will pay for a fee" asks for money: a timing tier that names the fee holds none.
            data.Add(
                "What is the most the agency will pay for a conference registration fee?",
                "Submit the request three weeks in advance for conference events with a registration fee.",
                "The agency will pay a conference registration fee of up to $900.",
                "$900",
                streaming);

            // "At what age" asks for an age: an average age stated in years is not the age asked about.
            data.Add(
                "At what age can a student sign the consent form alone?",
                "The consent form report noted the average age of students was 19 years.",
                "Students aged 18 or older can sign the consent form alone.",
                "aged 18",
                streaming);

            // "The most comp time hours in one pay period" counts in hours: a number of hours for other work is a near
            // miss, and "pay period" measures the value rather than names its subject.
            data.Add(
                "What is the most comp time hours I can earn in one pay period?",
                "Comp time expires one year (26 pay periods) after it is earned.\n\nWork more than 40 hours during one week of the pay period.",
                "You can earn up to 10 comp time hours in a pay period.",
                "10 comp time hours",
                streaming);

            // "How many channels" counts channels: "two workplaces" counts something else.
            data.Add(
                "How many shared channels am I allowed to create?",
                "Members can use the Connect feature to create shared channels between two workplaces.",
                "Each member is allowed to create up to 10 shared channels.",
                "10 shared channels",
                streaming);

            // "How large is the honorarium" asks for an amount: a unit that names the honorarium and pays none is no answer.
            data.Add(
                "How large is the honorarium for a guest speaker?",
                "We cannot pay guest speakers for their time and are working on ways to offer an honorarium.",
                "Guest speakers receive an honorarium of $500 for each talk.",
                "$500",
                streaming);

            // "The largest bounty" asks for an amount: how the bounty is decided names no amount.
            data.Add(
                "What is the largest bounty paid for a critical vulnerability?",
                "The security team awards a bounty based on the severity of the vulnerability and the system affected.",
                "The largest bounty paid for a critical vulnerability is $5,000.",
                "$5,000",
                streaming);

            // "How many channels" counts channels: "two types of channels" counts types.
            data.Add(
                "How many private channels can one person create?",
                "There are two types of channels, public and private, and anyone can create either kind.",
                "One person can create up to 20 private channels.",
                "20 private channels",
                streaming);

            // "How many days a week may I telework" names telework: days a week of another arrangement are a near miss.
            data.Add(
                "How many days a week am I allowed to telework?",
                "On a standard schedule you may work 5 days a week at the office.",
                "Employees may telework up to 2 days a week.",
                "2 days a week",
                streaming);
        }

        return data;
    }
}
