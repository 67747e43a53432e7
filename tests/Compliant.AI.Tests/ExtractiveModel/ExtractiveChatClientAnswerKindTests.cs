using Compliant.AI.ExtractiveModel.Internal;
using Microsoft.Extensions.AI;
using static Compliant.AI.Tests.ExtractiveModel.ExtractiveSources;

namespace Compliant.AI.Tests.ExtractiveModel;

/// <summary>
/// On-topic questions that ask for a kind of answer the sources do not hold (a clock time, a place, a postal address, a rate,
/// someone to contact), for a place no source names, or for a group of people the answer never names: the extractive model
/// declines rather than quote the unit on the topic (AnswerKinds, AskedPlaces, AskedSubjects, KindContrast).
/// </summary>
public sealed class ExtractiveChatClientAnswerKindTests
{
    private static readonly string LeaveSources = Sources(
        ("Leave",
         "You can carry over a maximum of 240 annual leave hours from one leave year to the next.\n\n" +
         "Sick leave can be used for medical appointments and for the care of a family member."));

    private static readonly string BreachSources = Sources(
        ("Breach reports",
         "A covered entity must report each breach to the Secretary no later than 60 days after the end of the calendar year.\n\n" +
         "The report must describe the breach in plain language."));

    public static TheoryData<bool, string, string, string> NearMisses => new()
    {
        // Clock time: the unit says when in the week, not at what time of day.
        {
            false,
            "What time of day does the HR specialist hold office hours?",
            "The HR specialist holds office hours every week for questions about work schedules.",
            "The HR specialist holds office hours from 10 AM to noon for questions about work schedules."
        },

        // Place: the unit says what to do, not where.
        {
            false,
            "Which room do I go to to pick up my badge?",
            "You pick up your badge after the security team emails you a confirmation.",
            "You pick up your badge in room 1200 after the security team emails you a confirmation."
        },

        // Room: the office and the building the unit names are not the room asked for.
        {
            false,
            "Which room do I go to to pick up my badge?",
            "You pick up your badge at the security office in your building after the team emails you a confirmation.",
            "You pick up your badge in room 1200 after the security team emails you a confirmation."
        },
        {
            true,
            "Which room do I go to to pick up my badge?",
            "You pick up your badge at the security office in your building after the team emails you a confirmation.",
            "You pick up your badge in room 1200 after the security team emails you a confirmation."
        },

        // Postal address: the unit names the recipient, not where to mail the log.
        {
            false,
            "What mailing address do we send the annual breach log to?",
            "Send the annual breach log to the Secretary within 60 days of the end of each calendar year.",
            "Send the annual breach log to 200 Independence Avenue SW, Washington, DC 20201 within 60 days of the end of each calendar year."
        },

        // Rate: a yearly cap on pay is no hourly rate.
        {
            false,
            "What hourly rate is overtime paid at?",
            "Overtime is paid for hours worked beyond 40 in a week, and your total pay cannot exceed $191,900 a year.",
            "Overtime is paid at one and one-half times your basic hourly rate for hours worked beyond 40 in a week."
        },

        // Contact: the unit names who discovers a breach, not whom to call about it.
        {
            false,
            "Who should we call when we discover a breach?",
            "A breach is treated as discovered on the first day it is known to any officer or employee of the entity.",
            "When you discover a breach, call the privacy officer at 202-555-0100 on the first day it is known."
        },
        {
            true,
            "What time of day does the HR specialist hold office hours?",
            "The HR specialist holds office hours every week for questions about work schedules.",
            "The HR specialist holds office hours from 10 AM to noon for questions about work schedules."
        },
        {
            true,
            "Which room do I go to to pick up my badge?",
            "You pick up your badge after the security team emails you a confirmation.",
            "You pick up your badge in room 1200 after the security team emails you a confirmation."
        },
        {
            true,
            "What mailing address do we send the annual breach log to?",
            "Send the annual breach log to the Secretary within 60 days of the end of each calendar year.",
            "Send the annual breach log to 200 Independence Avenue SW, Washington, DC 20201 within 60 days of the end of each calendar year."
        },
        {
            true,
            "What hourly rate is overtime paid at?",
            "Overtime is paid for hours worked beyond 40 in a week, and your total pay cannot exceed $191,900 a year.",
            "Overtime is paid at one and one-half times your basic hourly rate for hours worked beyond 40 in a week."
        },
        {
            true,
            "Who should we call when we discover a breach?",
            "A breach is treated as discovered on the first day it is known to any officer or employee of the entity.",
            "When you discover a breach, call the privacy officer at 202-555-0100 on the first day it is known."
        },
        // Phone number: the unit names the service's website, not a number to fax.
        {
            false,
            "What is the fax number for the verification service?",
            "Lenders can reach the verification service through its website at any time.",
            "Lenders can fax the verification service at 800-555-0199 at any time."
        },
        {
            true,
            "What is the fax number for the verification service?",
            "Lenders can reach the verification service through its website at any time.",
            "Lenders can fax the verification service at 800-555-0199 at any time."
        },
    };

    public static TheoryData<bool, string, string, string> LeadTimes => new()
    {
        // Lead time: the unit counts the days from the return, not how far ahead of the trip to notify.
        {
            false,
            "How many days in advance must I notify the security office of foreign travel?",
            "Within five days of your return from foreign travel, send the security office the debriefing form.",
            "Notify the security office of foreign travel at least 30 days in advance, and send it the debriefing form."
        },
        {
            true,
            "How many days in advance must I notify the security office of foreign travel?",
            "Within five days of your return from foreign travel, send the security office the debriefing form.",
            "Notify the security office of foreign travel at least 30 days in advance, and send it the debriefing form."
        },
        {
            false,
            "How far ahead of my trip should I tell the security office about foreign travel?",
            "Tell the security office about your foreign travel within 10 days after you return.",
            "Tell the security office about your foreign travel no later than 10 days before you leave."
        },
        {
            true,
            "How far ahead of my trip should I tell the security office about foreign travel?",
            "Tell the security office about your foreign travel within 10 days after you return.",
            "Tell the security office about your foreign travel no later than 10 days before you leave."
        },
    };

    public static TheoryData<bool, string, string, string> Sanctions => new()
    {
        // Sanction: the unit gives the deadline the question's act breaks, not what follows when it is broken.
        {
            false,
            "What is the fine for sending a breach notice late?",
            "A covered entity must send each breach notice no later than 60 days after discovery of the breach.",
            "A covered entity that sends a breach notice late faces a civil money penalty of up to $100 per notice."
        },
        {
            true,
            "What is the fine for sending a breach notice late?",
            "A covered entity must send each breach notice no later than 60 days after discovery of the breach.",
            "A covered entity that sends a breach notice late faces a civil money penalty of up to $100 per notice."
        },

        // Sanction: the unit states the rule, not the penalty for breaking it.
        {
            false,
            "What penalty applies when an employee deletes Slack messages about agency business?",
            "Employees must not delete Slack messages about agency business.",
            "Employees who delete Slack messages about agency business face disciplinary action."
        },
        {
            true,
            "What penalty applies when an employee deletes Slack messages about agency business?",
            "Employees must not delete Slack messages about agency business.",
            "Employees who delete Slack messages about agency business face disciplinary action."
        },
    };

    [Theory]
    [MemberData(nameof(NearMisses))]
    [MemberData(nameof(LeadTimes))]
    [MemberData(nameof(Sanctions))]
    public async Task GetResponse_UnitLacksTheAskedKindOfAnswer_IsDeclinedAndTheUnitWithItAnswers(bool streaming, string question, string nearMiss, string answer)
    {
        using var client = new ExtractiveChatClient();

        ChatResponse declined = await client.GetResponseAsync(streaming, Ask(Sources(("Policy", nearMiss + "\n\nThe policy is reviewed by the agency.")), question));
        ChatResponse answered = await client.GetResponseAsync(streaming, Ask(Sources(("Policy", answer + "\n\nThe policy is reviewed by the agency.")), question));

        Assert.Equal(GroundingOptions.DefaultCannotAnswerText, declined.Text);
        Assert.StartsWith(answer, answered.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_FineAsAnAdjective_AsksForNoSanction(bool streaming)
    {
        // "Is it fine to ..." asks whether something is allowed; a unit stating the rule answers it.
        string sources = Sources(("Policy", "You may keep your badge at home over the weekend.\n\nThe policy is reviewed by the agency."));
        using var client = new ExtractiveChatClient();

        ChatResponse response = await client.GetResponseAsync(streaming, Ask(sources, "Is it fine to keep my badge at home over the weekend?"));

        Assert.StartsWith("You may keep your badge at home over the weekend", response.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("What is the fine for sending a breach notice late?", true)]
    [InlineData("What fine does OCR impose for not signing a business associate agreement?", true)]
    [InlineData("What's the civil money penalty per violation?", true)]
    [InlineData("Can I be fined for a late travel voucher?", true)]
    [InlineData("Is it fine to keep my badge at home?", false)]
    [InlineData("What discipline can misconduct lead to?", false)]
    [InlineData("What fine-grained access controls must a covered entity use?", false)]
    [InlineData("Which fine-tuned models may staff use?", false)]
    public void Of_FineOrPenaltyAsAThing_AsksForASanction(string question, bool sanction)
    {
        Assert.Equal(sanction, (AnswerKinds.Of(question) & AnswerKind.Sanction) != 0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_LeadTimeQuestionAndAUnitWithoutATimeFromAnEvent_IsAnswered(bool streaming)
    {
        // A unit that counts no time from an event ("30 days" with no "of your return", "after") is no near miss of a lead-time
        // question, even when it does not say "in advance": only a time counted from the event is another relation.
        string sources = Sources(("Policy", "Leave requests for planned absences need three business days.\n\nThe policy is reviewed by the agency."));
        using var client = new ExtractiveChatClient();

        ChatResponse response = await client.GetResponseAsync(streaming, Ask(sources, "How many days in advance should I put in a leave request?"));

        Assert.StartsWith("Leave requests for planned absences need three business days", response.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_RelativeWhoBeforeACallVerb_AsksForNoContact(bool streaming)
    {
        // "Visitors who call" is a relative "who": the question asks what the directory may show, not whom to call.
        string sources = Sources(("Directory", "The facility directory may show a patient's name, location and general condition to visitors who ask for the patient by name."));
        using var client = new ExtractiveChatClient();

        ChatResponse response = await client.GetResponseAsync(streaming, Ask(sources, "What can the facility directory show to visitors who call?"));

        Assert.StartsWith("The facility directory may show", response.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_PlaceThatQualifiesTheQuestionAndNoSourceHolds_IsDeclined(bool streaming)
    {
        // Redaction writes the same placeholder for a place in the question and in the sources: "<LOCATION_1> law" asks for
        // the law of a place no source names. The same question is answered when a source holds the place, and declined
        // again for another place (<LOCATION_2>) though a source holds <LOCATION_1>.
        using var client = new ExtractiveChatClient();
        string naming = Sources(("Breach reports", "Under <LOCATION_1> law, a covered entity must report each breach within 15 days."));

        ChatResponse foreign = await client.GetResponseAsync(streaming, Ask(BreachSources, "Under <LOCATION_1> law, how many days do we have to report a breach?"));
        ChatResponse named = await client.GetResponseAsync(streaming, Ask(naming, "Under <LOCATION_1> law, how many days do we have to report a breach?"));
        ChatResponse state = await client.GetResponseAsync(streaming, Ask(BreachSources, "What is the <LOCATION_1> state deadline to report a breach?"));
        ChatResponse another = await client.GetResponseAsync(streaming, Ask(naming, "Under <LOCATION_2> law, how many days do we have to report a breach?"));

        Assert.Equal(GroundingOptions.DefaultCannotAnswerText, foreign.Text);
        Assert.Equal(GroundingOptions.DefaultCannotAnswerText, state.Text);
        Assert.Equal(GroundingOptions.DefaultCannotAnswerText, another.Text);
        Assert.Contains("15 days", named.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "I am back from a trip to <LOCATION_1>. How many days do we have to report a breach?")]
    [InlineData(true, "I am back from a trip to <LOCATION_1>. How many days do we have to report a breach?")]
    [InlineData(false, "How many days do we have to report a breach we found in <LOCATION_1>?")]
    [InlineData(true, "How many days do we have to report a breach we found in <LOCATION_1>?")]
    [InlineData(false, "Hi, this is <PERSON_1> (<EMAIL_ADDRESS_1>, <PHONE_NUMBER_1>). How many days do we have to report a breach?")]
    [InlineData(true, "Hi, this is <PERSON_1> (<EMAIL_ADDRESS_1>, <PHONE_NUMBER_1>). How many days do we have to report a breach?")]
    [InlineData(false, "How many days does the <PERSON_1> team have to report a breach?")]
    [InlineData(true, "How many days does the <PERSON_1> team have to report a breach?")]
    [InlineData(false, "My manager <PERSON_1> asked how many days we have to report a breach.")]
    [InlineData(true, "My manager <PERSON_1> asked how many days we have to report a breach.")]
    public async Task GetResponse_AskersOwnDataOrAPlaceThatQualifiesNothing_IsStillAnswered(bool streaming, string question)
    {
        // The asker's name, address and trip are theirs, not part of what is asked: no source holds them, and the answer stands.
        // A person's placeholder before a noun ("the <PERSON_1> team") is no place.
        using var client = new ExtractiveChatClient(embeddingGenerator: new KeywordEmbeddingGenerator());

        ChatResponse response = await client.GetResponseAsync(streaming, Ask(BreachSources, question));

        Assert.Contains("60 days", response.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_SubjectTheAnswerForTheReaderNeverNames_IsDeclined(bool streaming)
    {
        // The unit speaks to its reader ("You can carry over ..."); the question asks about a group of people the unit never
        // names. About the reader or about employees in general, the unit answers. Needs the semantic scorer, which tells a
        // group named in other words from another group; without it the answer stands on its words.
        using var client = new ExtractiveChatClient(embeddingGenerator: new KeywordEmbeddingGenerator(["contractor", "vendor"]));
        using var lexical = new ExtractiveChatClient();

        ChatResponse executive = await client.GetResponseAsync(streaming, Ask(LeaveSources, "How many annual leave hours can a senior executive carry over?"));
        ChatResponse contractors = await client.GetResponseAsync(streaming, Ask(LeaveSources, "How many annual leave hours do contractors get to carry over?"));
        ChatResponse reader = await client.GetResponseAsync(streaming, Ask(LeaveSources, "How many annual leave hours can I carry over?"));
        ChatResponse employee = await client.GetResponseAsync(streaming, Ask(LeaveSources, "How many annual leave hours can a federal employee carry over?"));
        ChatResponse byWords = await lexical.GetResponseAsync(streaming, Ask(LeaveSources, "How many annual leave hours can a senior executive carry over?"));

        Assert.Equal(GroundingOptions.DefaultCannotAnswerText, executive.Text);
        Assert.Equal(GroundingOptions.DefaultCannotAnswerText, contractors.Text);
        Assert.StartsWith("You can carry over a maximum of 240 annual leave hours", reader.Text, StringComparison.Ordinal);
        Assert.StartsWith("You can carry over a maximum of 240 annual leave hours", employee.Text, StringComparison.Ordinal);
        Assert.StartsWith("You can carry over a maximum of 240 annual leave hours", byWords.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_SubjectNamedInAUnitThatDoesNotSpeakToTheReader_IsAnswered(bool streaming)
    {
        // A rule stated for a party ("A covered entity must ...") is no answer for the reader: the subject rule does not apply.
        using var client = new ExtractiveChatClient(embeddingGenerator: new KeywordEmbeddingGenerator(["hospital", "covered entity"]));

        ChatResponse response = await client.GetResponseAsync(streaming, Ask(BreachSources, "How many days does a hospital have to report a breach to the Secretary?"));

        Assert.Contains("60 days", response.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_KindAskedBeforeTheLeaveYear_StillContrastsWithTheStatedKind(bool streaming)
    {
        // "The next leave year" names the year, not leave in general: the question still asks about sick leave only, and the
        // carry-over limit for annual leave answers a neighbouring question.
        using var client = new ExtractiveChatClient();

        ChatResponse sick = await client.GetResponseAsync(streaming, Ask(LeaveSources, "How many hours of sick leave can I carry over into the next leave year?"));
        ChatResponse annual = await client.GetResponseAsync(streaming, Ask(LeaveSources, "How many hours of annual leave can I carry over into the next leave year?"));

        Assert.Equal(GroundingOptions.DefaultCannotAnswerText, sick.Text);
        Assert.StartsWith("You can carry over a maximum of 240 annual leave hours", annual.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("What time of day are badges printed?", nameof(AnswerKind.ClockTime))]
    [InlineData("At what time does the help desk open?", nameof(AnswerKind.ClockTime))]
    [InlineData("What time frame applies to breach notices?", nameof(AnswerKind.None))]
    [InlineData("What time zone should I put on my calendar?", nameof(AnswerKind.None))]
    [InlineData("Which building do I report to on my first day?", nameof(AnswerKind.Place))]
    [InlineData("Which room do I pick up my badge in?", nameof(AnswerKind.Room))]
    [InlineData("Which office handles badge requests?", nameof(AnswerKind.None))]
    [InlineData("What is the mailing address for the breach log?", nameof(AnswerKind.PostalAddress))]
    [InlineData("What email address do I send my separation letter to?", nameof(AnswerKind.None))]
    [InlineData("What is the mileage reimbursement rate?", nameof(AnswerKind.Rate))]
    [InlineData("How much does GSA reimburse per mile?", nameof(AnswerKind.Rate))]
    [InlineData("Who at the agency should we call first?", nameof(AnswerKind.Contact))]
    [InlineData("Whom do I contact about my badge?", nameof(AnswerKind.Contact))]
    [InlineData("Who has to be designated as the privacy official?", nameof(AnswerKind.None))]
    [InlineData("What can the directory show to visitors who call?", nameof(AnswerKind.None))]
    [InlineData("What is the fax number for the verification service?", nameof(AnswerKind.PhoneNumber))]
    [InlineData("Which phone number do I call to verify my employment?", nameof(AnswerKind.PhoneNumber))]
    [InlineData("What is the employer number for the verification service?", nameof(AnswerKind.None))]
    public void Of_Question_ReadsTheAskedKindOfAnswer(string question, string expected)
    {
        Assert.Equal(Enum.Parse<AnswerKind>(expected), AnswerKinds.Of(question));
    }

    [Theory]
    [InlineData(nameof(AnswerKind.Rate), "hour", "Overtime is paid at $45.50 per hour.", true)]
    [InlineData(nameof(AnswerKind.Rate), "hour", "Total pay cannot exceed $191,900 a year.", false)]
    [InlineData(nameof(AnswerKind.Rate), "mile", "The mileage rate is $0.70 per mile.", true)]
    [InlineData(nameof(AnswerKind.Rate), null, "Late fees accrue at 1.5% a month.", true)]
    [InlineData(nameof(AnswerKind.ClockTime), null, "Core hours are 10:00 to 15:00.", true)]
    [InlineData(nameof(AnswerKind.ClockTime), null, "Submit the form by close of business.", true)]
    [InlineData(nameof(AnswerKind.ClockTime), null, "Office hours are held every week.", false)]
    [InlineData(nameof(AnswerKind.Room), null, "Badges are handed out in Room 1N-200.", true)]
    [InlineData(nameof(AnswerKind.Room), null, "Badges are handed out at the security office in the building.", false)]
    [InlineData(nameof(AnswerKind.PostalAddress), null, "Mail it to P.O. Box 1234.", true)]
    [InlineData(nameof(AnswerKind.PostalAddress), null, "Mail it to <LOCATION_2>.", true)]
    [InlineData(nameof(AnswerKind.PostalAddress), null, "Mail it to the Secretary.", false)]
    [InlineData(nameof(AnswerKind.Contact), null, "They can contact TWN through its website.", true)]
    [InlineData(nameof(AnswerKind.Contact), null, "Email <EMAIL_ADDRESS_1> to check the status.", true)]
    [InlineData(nameof(AnswerKind.Contact), null, "The breach is known to any officer of the entity.", false)]
    [InlineData(nameof(AnswerKind.PhoneNumber), null, "Call 800-367-5690, Monday through Friday.", true)]
    [InlineData(nameof(AnswerKind.PhoneNumber), null, "Call <PHONE_NUMBER_1> to verify employment.", true)]
    [InlineData(nameof(AnswerKind.PhoneNumber), null, "Visit The Work Number website to verify employment.", false)]
    public void Offers_Unit_HoldsTheAskedKindOfAnswerOrNot(string kind, string? unit, string text, bool expected)
    {
        Assert.Equal(expected, AnswerKinds.Offers(Enum.Parse<AnswerKind>(kind), text, unit));
    }

    [Theory]
    [InlineData("How many annual leave hours can a senior executive carry over?", "senior executive")]
    [InlineData("How many sick days do contractors get?", "contractors")]
    [InlineData("Can interns telework?", "interns")]
    [InlineData("How many hours can I carry over?", null)]
    [InlineData("How many hours can a new employee carry over?", null)]
    [InlineData("Does GSA pay for conference fees?", null)]
    [InlineData("How long do contractors accrue sick leave for?", null)]
    public void Subject_Question_IsTheRestrictiveGroupAskedAbout(string question, string? expected)
    {
        List<string>? subject = AskedSubjects.Subject(question);

        Assert.Equal(expected, subject is null ? null : string.Join(' ', subject));
    }
}
