using Compliant.AI.Tests.Grounding;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Tests.ExtractiveModel;

/// <summary>
/// On-topic questions the sources do not answer: the sources hold the topic and a value for a neighbouring question, and the
/// extractive model declines rather than quote it (KindContrast, AskedThings).
/// </summary>
public class ExtractiveChatClientUnansweredTests
{
    private static readonly string LeaveSources = Sources(
        ("Leave",
         "You can carry over a maximum of 240 annual leave hours from one leave year to the next.\n\n" +
         "Sick leave can be used for medical appointments and for the care of a family member."));

    private static readonly string BreachSources = Sources(
        ("Notification to individuals",
         "A covered entity must notify each affected individual of a breach without unreasonable delay and no later than 60 calendar days after discovery of the breach.\n\n" +
         "The notice must be written in plain language."));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_ValueStatedForAnotherKind_IsDeclined(bool streaming)
    {
        // The sources know "sick leave" as a kind of leave, but state the carry-over limit only for annual leave: that value
        // answers a neighbouring question. The same value answers the question about annual leave.
        using var client = new ExtractiveChatClient();

        ChatResponse other = await client.GetResponseAsync(streaming, Ask(LeaveSources, "How many hours of sick leave can I carry over?"));
        ChatResponse same = await client.GetResponseAsync(streaming, Ask(LeaveSources, "How many hours of annual leave can I carry over?"));

        Assert.Equal(GroundingOptions.DefaultCannotAnswerText, other.Text);
        Assert.StartsWith("You can carry over a maximum of 240 annual leave hours", same.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_KindTheSourcesNeverName_IsNoContrast(bool streaming)
    {
        // "Saved leave" is the asker's own description, not a kind the sources name: the carry-over limit still answers.
        using var client = new ExtractiveChatClient();

        ChatResponse response = await client.GetResponseAsync(streaming, Ask(LeaveSources, "How many hours of saved leave can I carry over?"));

        Assert.StartsWith("You can carry over a maximum of 240 annual leave hours", response.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_QuestionNamesSomethingTheSourcesNeverName_IsDeclined(bool streaming)
    {
        // The deadline is for notifying individuals; the question asks about someone the sources never mention (a phrase
        // of several words, or a name or acronym). The rule needs the semantic scorer, which tells such a thing from one the
        // sources say in other words; without it the answer stands on its words.
        using var client = new ExtractiveChatClient(embeddingGenerator: BreachEmbeddings());
        using var lexical = new ExtractiveChatClient();

        ChatResponse carrier = await client.GetResponseAsync(streaming, Ask(BreachSources, "How many days do we have to notify our cyber insurance carrier after a breach?"));
        ChatResponse agency = await client.GetResponseAsync(streaming, Ask(BreachSources, "How many days do we have to notify the FBI after a breach?"));
        ChatResponse individuals = await client.GetResponseAsync(streaming, Ask(BreachSources, "How many days do we have to notify affected individuals after a breach?"));
        ChatResponse byWords = await lexical.GetResponseAsync(streaming, Ask(BreachSources, "How many days do we have to notify the FBI after a breach?"));

        Assert.Equal(GroundingOptions.DefaultCannotAnswerText, carrier.Text);
        Assert.Equal(GroundingOptions.DefaultCannotAnswerText, agency.Text);
        Assert.Contains("60 calendar days", individuals.Text, StringComparison.Ordinal);
        Assert.Contains("60 calendar days", byWords.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_ThingTheAnswerSaysInOtherWords_IsAnswered(bool streaming)
    {
        // "Plan enrollee" is in no source, but the answer's "individual" is as similar to "enrollee" as a synonym is.
        using var client = new ExtractiveChatClient(embeddingGenerator: BreachEmbeddings());

        ChatResponse response = await client.GetResponseAsync(streaming, Ask(BreachSources, "How many days do we have to notify each plan enrollee after a breach?"));

        Assert.Contains("60 calendar days", response.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_AcronymTheSourcesSpellOut_IsAnswered(bool streaming)
    {
        // "ePHI" is not in the sources' words, but its letters start the words "electronic protected health information".
        string sources = Sources(
            ("Technical safeguards",
             "Encryption of electronic protected health information is an addressable implementation specification.\n\n" +
             "Unique user identification is required."));
        using var client = new ExtractiveChatClient(embeddingGenerator: BreachEmbeddings());

        ChatResponse response = await client.GetResponseAsync(streaming, Ask(sources, "Is encryption addressable for ePHI?"));

        Assert.Contains("addressable implementation specification", response.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_ContextSentenceNamesUnknownThings_StillAnswered(bool streaming)
    {
        // Only the sentence that asks is read for the things asked about: the asker's background ("payroll team lead") names
        // things the sources never mention without changing what is asked.
        using var client = new ExtractiveChatClient(embeddingGenerator: BreachEmbeddings());

        ChatResponse response = await client.GetResponseAsync(
            streaming, Ask(LeaveSources, "Payroll team lead here. How many hours of annual leave can I carry over to the next leave year?"));

        Assert.StartsWith("You can carry over a maximum of 240 annual leave hours", response.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_MeasuredThingTheAnswerNeverSays_IsDeclined(bool streaming)
    {
        // "How many hours of overtime" asks for hours of overtime: the unit holding hours states the length of the work day
        // and week, and neither it nor its context says "overtime" or a word as similar as a synonym, so its hours answer a
        // neighbouring question. Asked for hours of work, the same unit answers. The rule needs the semantic scorer.
        string sources = Sources(
            ("Work schedules",
             "Each day in the work week can be slightly longer or shorter than 8 hours, but the days must add up to 40 hours per week.\n\n" +
             "Overtime must be approved by your supervisor before you work it."));
        using var client = new ExtractiveChatClient(embeddingGenerator: BreachEmbeddings());
        using var lexical = new ExtractiveChatClient();

        ChatResponse overtime = await client.GetResponseAsync(streaming, Ask(sources, "How many hours of overtime can I work in a week?"));
        ChatResponse work = await client.GetResponseAsync(streaming, Ask(sources, "How many hours of work must my days add up to in a week?"));
        ChatResponse byWords = await lexical.GetResponseAsync(streaming, Ask(sources, "How many hours of overtime can I work in a week?"));

        Assert.Equal(GroundingOptions.DefaultCannotAnswerText, overtime.Text);
        Assert.Contains("40 hours per week", work.Text, StringComparison.Ordinal);
        Assert.Contains("40 hours per week", byWords.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_KindStackedBeforeTheAskedKind_IsNoContrast(bool streaming)
    {
        // "A private Slack channel" is a Slack channel and a private channel: the answer stated for private channels answers
        // it, though the sources also know "Slack channel" and only "Slack" stands next to "channel" in the question. A kind
        // the question does not say is still another kind (GetResponse_ValueStatedForAnotherKind_IsDeclined).
        string sources = Sources(
            ("Slack",
             "Conversations and content in private channels can be accessed by anyone who is in that private channel.\n\n" +
             "You can create a Slack channel from the sidebar at any time of the day to start a conversation about a new project."));
        using var client = new ExtractiveChatClient();

        ChatResponse response = await client.GetResponseAsync(streaming, Ask(sources, "Who can read the messages in a private Slack channel?"));

        Assert.StartsWith("Conversations and content in private channels can be accessed by anyone", response.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_MeasuredThingDescribedByTheAsker_IsAnswered(bool streaming)
    {
        // A participle in the measured thing ("saved leave", "donated leave") describes the asker's hours, not a kind of
        // leave: only the other words must be said, and "leave" is.
        using var client = new ExtractiveChatClient(embeddingGenerator: BreachEmbeddings());

        ChatResponse response = await client.GetResponseAsync(streaming, Ask(LeaveSources, "How many hours of saved leave can I carry over?"));

        Assert.StartsWith("You can carry over a maximum of 240 annual leave hours", response.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_SubjectRunningIntoItsVerb_IsNoForeignThing(bool streaming)
    {
        // "What should an organization weigh ...": "organization" is the subject and "weigh" its verb, not a two-word thing the
        // sources never name; likewise "which places count as ...". A name stays a thing: "GDPR" is still foreign.
        string sources = Sources(
            ("Security standards",
             "In deciding which security measures to use, a covered entity must take into account the costs of security measures.\n\n" +
             "State includes the District of Columbia, Puerto Rico, the Virgin Islands, and Guam.\n\n" +
             "A covered entity must act on an individual's request to amend their data no later than 60 days after receipt."));
        using var client = new ExtractiveChatClient(embeddingGenerator: BreachEmbeddings());

        ChatResponse weigh = await client.GetResponseAsync(streaming, Ask(sources, "What should an organization weigh when choosing its security measures?"));
        ChatResponse places = await client.GetResponseAsync(streaming, Ask(sources, "Apart from the fifty states, which places count as a State?"));
        ChatResponse gdpr = await client.GetResponseAsync(streaming, Ask(sources, "What does GDPR require when a patient asks us to amend their data?"));

        Assert.Contains("the costs of security measures", weigh.Text, StringComparison.Ordinal);
        Assert.Contains("Puerto Rico", places.Text, StringComparison.Ordinal);
        Assert.Equal(GroundingOptions.DefaultCannotAnswerText, gdpr.Text);
    }

    /// <summary>"Enrollee" and "individual" name the same person; every other word is like no other.</summary>
    private static KeywordEmbeddingGenerator BreachEmbeddings() => new(["enrollee", "individual"]);

    private static List<ChatMessage> Ask(string sources, string question) =>
        [new ChatMessage(ChatRole.System, "Answer only from the sources.\n" + sources), new ChatMessage(ChatRole.User, question)];

    private static string Sources(params (string Title, string Text)[] sources)
    {
        var sb = new System.Text.StringBuilder("<sources>\n");
        for (int i = 0; i < sources.Length; i++)
        {
            sb.Append("<source id=\"S").Append(i + 1).Append("\" title=\"").Append(sources[i].Title).Append("\">\n")
                .Append(sources[i].Text).Append("\n</source>\n");
        }

        return sb.Append("</sources>").ToString();
    }
}
