using Compliant.AI.Tests.Grounding;
using Microsoft.Extensions.AI;
using static Compliant.AI.Tests.ExtractiveModel.ExtractiveSources;

namespace Compliant.AI.Tests.ExtractiveModel;

/// <summary>
/// The extractive model's support for questions asked in other words than the sources use: question words a unit says
/// with a synonym (<see cref="ExtractiveChatClientOptions.ParaphraseSimilarity"/>), and lead-ins whose carried list the
/// self-check cannot place.
/// </summary>
public class ExtractiveChatClientParaphraseTests
{
    private const string RebootQuestion = "Should I reboot the laptop after patching?";

    private static string RestartSources() => Sources(("Workstations", "Restart the workstation after every security update."));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_QuestionWordSaidWithASynonym_CountsAsCovered(bool streaming)
    {
        // "laptop" is the only question word the unit has (folded from "workstation"); "reboot" and "patching" are in no
        // unit, so by words alone the unit covers too little of the question. The unit's "restart" is as similar to
        // "reboot" as a synonym is: that word counts, and the answer stands. A generator that knows no such synonym
        // leaves it declined, and so does the lexical model.
        using var lexical = new ExtractiveChatClient();
        using var semantic = new ExtractiveChatClient(embeddingGenerator: new SynonymEmbeddingGenerator(["reboot", "restart"]));
        using var unrelated = new ExtractiveChatClient(embeddingGenerator: new SynonymEmbeddingGenerator(["reboot", "shutdown"]));

        ChatResponse byWords = await lexical.GetResponseAsync(streaming, Ask(RestartSources(), RebootQuestion));
        ChatResponse bySynonym = await semantic.GetResponseAsync(streaming, Ask(RestartSources(), RebootQuestion));
        ChatResponse noSynonym = await unrelated.GetResponseAsync(streaming, Ask(RestartSources(), RebootQuestion));

        Assert.Equal(GroundingOptions.DefaultCannotAnswerText, byWords.Text);
        Assert.Equal("Restart the workstation after every security update. [S1]", bySynonym.Text);
        Assert.Equal(GroundingOptions.DefaultCannotAnswerText, noSynonym.Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_QuestionWordSaidWithASynonym_RanksTheUnitThatSaysIt(bool streaming)
    {
        // Both units hold the question's other words; only the second says "reboot", as "restart". By words alone the
        // shorter first unit ranks higher and is quoted; with the synonym, the unit that says what is asked is.
        const string Question = "Should I reboot my laptop after a security update?";
        string sources = Sources(
            ("Updates", "Every laptop must receive each security update."),
            ("Workstations", "You must restart the workstation after every security update is installed."));
        using var lexical = new ExtractiveChatClient();
        using var semantic = new ExtractiveChatClient(embeddingGenerator: new SynonymEmbeddingGenerator(["reboot", "restart"]));

        ChatResponse byWords = await lexical.GetResponseAsync(streaming, Ask(sources, Question));
        ChatResponse bySynonym = await semantic.GetResponseAsync(streaming, Ask(sources, Question));

        Assert.Equal("Every laptop must receive each security update. [S1]", byWords.Text);
        Assert.Equal("You must restart the workstation after every security update is installed. [S2]", bySynonym.Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_SynonymNamingAnotherKind_DoesNotRankTheUnit(bool streaming)
    {
        // "annual" is as similar to "yearly" as a synonym is, but in "annual leave" it names another kind of the leave the
        // question asks about ("award leave"): it does not stand for "yearly" there, so the annual-leave unit, which by
        // words alone ties with the award-leave one, is not lifted over it.
        const string Question = "Is there a yearly ceiling on award leave?";
        string sources = Sources(
            ("Leave", "The ceiling on annual leave is 240 hours."),
            ("Leave", "Award leave has a ceiling of 80 hours."));
        using var client = new ExtractiveChatClient(embeddingGenerator: new SynonymEmbeddingGenerator(["yearly", "annual"]));

        ChatResponse response = await client.GetResponseAsync(streaming, Ask(sources, Question));

        Assert.Equal("Award leave has a ceiling of 80 hours. [S2]", response.Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_RuleWordSaidWithASynonym_DoesNotRankTheUnit(bool streaming)
    {
        // "require" asks for a rule; it names no subject. A unit that merely mentions a "requirement" is not lifted for it
        // over the unit that states what to do about the laptop leaving the office.
        const string Question = "What do you require before a laptop leaves the office?";
        string sources = Sources(
            ("Equipment", "Each office laptop requirement is in the appendix."),
            ("Equipment", "Encrypt the laptop before it leaves the office."));
        using var client = new ExtractiveChatClient(embeddingGenerator: new SynonymEmbeddingGenerator(["require", "requirement"]));

        ChatResponse response = await client.GetResponseAsync(streaming, Ask(sources, Question));

        Assert.StartsWith("Encrypt the laptop before it leaves the office. [S2]", response.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_ParaphraseSimilarityOne_TurnsWordMatchingOff(bool streaming)
    {
        var embeddings = new SynonymEmbeddingGenerator(["reboot", "restart"]);
        using var client = new ExtractiveChatClient(new ExtractiveChatClientOptions { ParaphraseSimilarity = 1 }, embeddings);

        ChatResponse response = await client.GetResponseAsync(streaming, Ask(RestartSources(), RebootQuestion));

        Assert.Equal(GroundingOptions.DefaultCannotAnswerText, response.Text);
        Assert.DoesNotContain("reboot", embeddings.Embedded);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_MeasureWordInOtherUnits_IsNotCovered(bool streaming)
    {
        // A daily restart does not answer a question about a weekly one: "week" and "day" may be close in an embedding
        // space, but a value in another unit is another value. Only "reboot" counts, which is not enough.
        const string Question = "Should I reboot the laptop after patching every week?";
        string sources = Sources(("Workstations", "Restart the workstation every day."));
        using var client = new ExtractiveChatClient(embeddingGenerator: new SynonymEmbeddingGenerator(["reboot", "restart"], ["week", "day"]));

        ChatResponse response = await client.GetResponseAsync(streaming, Ask(sources, Question));

        Assert.Equal(GroundingOptions.DefaultCannotAnswerText, response.Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_QuestionWords_AreEmbeddedEachTimeAndNeverCached(bool streaming)
    {
        // The question's words are the caller's text: like the question, they are never a cache key, so they are embedded
        // again on the next ask; the source's words are embedded once.
        var embeddings = new SynonymEmbeddingGenerator(["reboot", "restart"]);
        using var client = new ExtractiveChatClient(embeddingGenerator: embeddings);

        ChatResponse first = await client.GetResponseAsync(streaming, Ask(RestartSources(), RebootQuestion));
        ChatResponse second = await client.GetResponseAsync(streaming, Ask(RestartSources(), RebootQuestion));

        Assert.Equal(first.Text, second.Text);
        Assert.Equal(2, embeddings.Embedded.Count(t => t == "reboot"));
        Assert.Equal(1, embeddings.Embedded.Count(t => t == "restart"));
        Assert.Equal(1, embeddings.Embedded.Count(t => t == "workstation"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_LeadInWhoseItemFailsTheSelfCheck_QuotedWithTheItemsThatPass(bool streaming)
    {
        // The lead-in carries its list, but the self-check looks for a quote's numbers in the passage lines that share the
        // most words with it (the long lead-in), so the hours of the phone item cannot be placed and the whole unit would
        // fail. It is cut back to the items before that one, which still name whom to contact.
        string sources = Sources(("Employment verification",
            "If an approved party (such as a mortgage lender, a landlord, a car dealer or a caseworker) needs to verify your income or employment, they can contact the payroll office via the options below:\n\n" +
            "- The payroll office website\n" +
            "- Phone line (weekdays, 9 AM to 5 PM)\n"));
        using var client = new ExtractiveChatClient();

        ChatResponse response = await client.GetResponseAsync(streaming, Ask(sources, "Who does my mortgage lender contact to verify my income?"));

        Assert.Equal(
            "If an approved party (such as a mortgage lender, a landlord, a car dealer or a caseworker) needs to verify your income or employment, they can contact the payroll office via the options below: The payroll office website [S1]",
            response.Text);
    }

    [Fact]
    public void Constructor_InvalidParaphraseSimilarity_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ExtractiveChatClient(new ExtractiveChatClientOptions { ParaphraseSimilarity = 0 }));
        Assert.Throws<ArgumentException>(() => new ExtractiveChatClient(new ExtractiveChatClientOptions { ParaphraseSimilarity = 1.5 }));
        Assert.Throws<ArgumentException>(() => new ExtractiveChatClient(new ExtractiveChatClientOptions { ParaphraseSimilarity = double.NaN }));
    }
}
