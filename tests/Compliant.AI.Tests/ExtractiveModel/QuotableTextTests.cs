using Compliant.AI.ExtractiveModel.Internal;
using Compliant.AI.Tests.Grounding;
using Microsoft.Extensions.AI;
using static Compliant.AI.Tests.ExtractiveModel.ExtractiveSources;

namespace Compliant.AI.Tests.ExtractiveModel;

/// <summary>
/// How source text becomes answer units: a lead-in carries the list it introduces, a nested item keeps its parent, and
/// a sentence is not cut inside an abbreviation.
/// </summary>
public sealed class QuotableTextTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_LeadInBeforeItsList_QuotedWithItsItems(bool streaming)
    {
        string sources = Sources(("Salary checks",
            "If a lender needs to confirm your salary, they can reach the verification service through the channels\nbelow:\n\n" +
            "- The [Salary Check portal](https://example.org/portal)\n- The payroll help line on weekdays\n- A letter from the benefits team\n\n" +
            "Questions about the service go to the benefits team."));
        using var client = new ExtractiveChatClient();

        ChatResponse response = await client.GetResponseAsync(streaming, Ask(sources, "Who can my lender contact to confirm my salary?"));

        Assert.Contains(
            "they can reach the verification service through the channels below: The Salary Check portal; The payroll help line on weekdays; A letter from the benefits team [S1]",
            response.Text,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_NestedItem_QuotedWithItsParent(bool streaming)
    {
        string sources = Sources(("Event requests",
            "Send your request early enough:\n\n" +
            "- One to two weeks ahead for:\n  - Local workshops under $500\n" +
            "- Three to five weeks ahead for:\n  - Conferences that cost more than $2,500, travel included\n  - Events where you speak\n"));
        using var client = new ExtractiveChatClient();

        ChatResponse response = await client.GetResponseAsync(streaming, Ask(sources, "How early do I send the request for conferences that cost more than $2,500?"));

        Assert.StartsWith("Three to five weeks ahead for: Conferences that cost more than $2,500, travel included", response.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Send your request early enough", response.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_EnumeratedLeadIn_CarriesItsLetteredItemsUntilTheNextNumeral(bool streaming)
    {
        // Regulations nest by enumerator, not by indentation: "(i) ... following information:" then "(A)", "(B)", ... then "(ii)".
        string sources = Sources(("Disclosures to investigators",
            "(i) The clinic may disclose only the following information:\n(A) Name and address;\n(B) Date of birth;\n(C) Blood group;\n" +
            "(ii) Except as permitted by paragraph (i), the clinic may not disclose genetic test results.\n"));
        using var client = new ExtractiveChatClient(new ExtractiveChatClientOptions { MaxSentences = 1 });

        ChatResponse response = await client.GetResponseAsync(streaming, Ask(sources, "What information may the clinic disclose?"));

        Assert.Equal("(i) The clinic may disclose only the following information: (A) Name and address; (B) Date of birth; (C) Blood group [S1]", response.Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_ColonAtAHardWrappedLineEnd_ContinuesTheSentence(bool streaming)
    {
        string sources = Sources(("Personal data",
            "Examples of data that identify a person directly\ninclude:\nPassport numbers, tax numbers and fingerprints. " +
            "Examples of data that identify a person only when combined include: birth date and postcode."));
        using var client = new ExtractiveChatClient(new ExtractiveChatClientOptions { MaxSentences = 1 });

        ChatResponse response = await client.GetResponseAsync(streaming, Ask(sources, "Which data identify a person directly?"));

        Assert.Equal("Examples of data that identify a person directly include: Passport numbers, tax numbers and fingerprints. [S1]", response.Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_LongListBeyondTheCarriedLength_EachRemainingItemKeepsItsLeadIn(bool streaming)
    {
        string longItem = "a description of the incident that names the system, the kind of data involved, the time it was found and the steps taken so far";
        string sources = Sources(("Incident reports",
            "Each incident report must contain:\n" +
            $"- {longItem}\n- {longItem.Replace("incident", "event", StringComparison.Ordinal)}\n- {longItem.Replace("incident", "outage", StringComparison.Ordinal)}\n" +
            "- the name of the duty officer who handled it\n"));
        using var client = new ExtractiveChatClient(new ExtractiveChatClientOptions { MaxSentences = 1 });

        ChatResponse response = await client.GetResponseAsync(streaming, Ask(sources, "Must an incident report name the duty officer?"));

        Assert.Equal("Each incident report must contain: the name of the duty officer who handled it [S1]", response.Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_AbbreviationInsideASentence_IsNoSentenceEnd(bool streaming)
    {
        string sources = Sources(("Records",
            "Records are e-mails, chat messages, recordings, etc. that you create or receive for agency business.\n" +
            "To request one, cite Form No.\n12 in your e-mail to the records desk."));
        using var client = new ExtractiveChatClient(new ExtractiveChatClientOptions { MaxSentences = 1 });

        ChatResponse records = await client.GetResponseAsync(streaming, Ask(sources, "What counts as a record for agency business?"));
        ChatResponse form = await client.GetResponseAsync(streaming, Ask(sources, "Which form do I cite to request a record?"));

        Assert.Equal("Records are e-mails, chat messages, recordings, etc. that you create or receive for agency business. [S1]", records.Text);
        Assert.Equal("To request one, cite Form No. 12 in your e-mail to the records desk. [S1]", form.Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BehindStrictGroundingStage_LeadInWithItemsAndAbbreviations_AreGrounded(bool streaming)
    {
        var retriever = new TestRetriever(
            new TestDocument("records", "Records", "Records are e-mails, recordings, etc. that you create for agency business.\n", "*"),
            new TestDocument("salary", "Salary checks", "A lender can confirm your salary through the channels below:\n\n- The Salary Check portal\n- The payroll help line\n", "*"));
        using IChatClient client = new GroundingChatClient(new ExtractiveChatClient(), retriever, new GroundingOptions { CitationMode = GroundingCitationMode.PerSentence, MaxUnsupportedTerms = 0 });

        foreach ((string question, string fact) in new[]
        {
            ("What counts as a record for agency business?", "etc. that you create"),
            ("How can a lender confirm my salary?", "The Salary Check portal"),
        })
        {
            ChatResponse response = await client.GetResponseAsync(streaming, question);
            GroundingResult result = response.GetGroundingResult()!;

            Assert.True(result.IsGrounded, $"{question}: {result.Reason} :: {response.Text}");
            Assert.Contains(fact, response.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Clean_ShortLabelBeforeCompleteSentences_KeepsEachItemOnItsOwnLine()
    {
        string text = QuotableText.Clean("Leave rules:\n- Court leave is granted for jury duty.\n- Award leave must be used within one year.\n");

        Assert.Equal("Leave rules:\n- Court leave is granted for jury duty.\n- Award leave must be used within one year.", text);
    }
}
