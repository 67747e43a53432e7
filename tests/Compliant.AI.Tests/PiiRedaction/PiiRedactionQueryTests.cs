using Compliant.AI.Tests.Grounding;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using static Compliant.AI.Tests.PiiRedaction.RedactionTestHelpers;

namespace Compliant.AI.Tests.PiiRedaction;

/// <summary>The retrieval query is redacted by default, by the pipeline's own redaction stage (issue 10, row 12).</summary>
public class PiiRedactionQueryTests
{
    private static TestRetriever Retriever() => new(new TestDocument("d1", "Retention", "Audit logs are retained for six years from the date of creation.", "*"));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UseGrounding_Defaults_RetrieverGetsTheModelsPlaceholdersNeverTheValues(bool streaming)
    {
        TestRetriever retriever = Retriever();
        TestChatClient inner = TestChatClient.Answering("Audit logs are retained for six years from the date of creation [S1].");
        var services = new ServiceCollection()
            .AddSingleton<IRetriever>(retriever).BuildServiceProvider();
        IChatClient client = new ChatClientBuilder(inner)
            .UseGrounding()
            .UsePiiRedaction(detector: new TestPiiDetector())
            .Build(services);
        var options = new ChatOptions { ConversationId = "c-query" };

        await client.GetResponseAsync(streaming, $"How long are audit logs retained for {TestPiiDetector.Name}, SSN {TestPiiDetector.Ssn}?", options);

        string query = Assert.Single(retriever.Requests).Query;
        AssertNoCanary(query, "retriever");
        Assert.Equal("How long are audit logs retained for <PERSON_1>, SSN <US_SSN_1>?", query);
        Assert.Contains("retained for <PERSON_1>, SSN <US_SSN_1>?", LastUser(inner.Calls[0].Messages), StringComparison.Ordinal); // same placeholders
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UseGrounding_QueryHoldsPlaceholderLiteral_RenumberedForTheRetrieverToo(bool streaming)
    {
        TestRetriever retriever = Retriever();
        var services = new ServiceCollection().AddSingleton<IRetriever>(retriever).BuildServiceProvider();
        IChatClient client = new ChatClientBuilder(TestChatClient.Answering("Audit logs are retained for six years from the date of creation [S1]."))
            .UseGrounding()
            .UsePiiRedaction(detector: new TestPiiDetector())
            .Build(services);

        await client.GetResponseAsync(streaming, $"Audit logs of <PERSON_1> and {TestPiiDetector.Name}?", new ChatOptions { ConversationId = "c-q2" });

        Assert.Equal("Audit logs of <PERSON_2> and <PERSON_1>?", Assert.Single(retriever.Requests).Query);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UseGrounding_RedactQueryOff_InProcessRetrieverSeesTheQuestion(bool streaming)
    {
        TestRetriever retriever = Retriever();
        var services = new ServiceCollection().AddSingleton<IRetriever>(retriever).BuildServiceProvider();
        TestChatClient inner = TestChatClient.Answering("Audit logs are retained for six years from the date of creation [S1].");
        IChatClient client = new ChatClientBuilder(inner)
            .UseGrounding(o => o.RedactQuery = false)
            .UsePiiRedaction(detector: new TestPiiDetector())
            .Build(services);

        await client.GetResponseAsync(streaming, $"Audit logs for {TestPiiDetector.Name}?");

        Assert.Contains(TestPiiDetector.Name, Assert.Single(retriever.Requests).Query, StringComparison.Ordinal);
        AssertNoCanary(Received(inner), "inner client"); // the model still only sees placeholders
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UseGrounding_QueryRedactionFails_TypedErrorAndNothingRetrieved(bool streaming)
    {
        TestRetriever retriever = Retriever();
        var services = new ServiceCollection().AddSingleton<IRetriever>(retriever).BuildServiceProvider();
        TestChatClient inner = TestChatClient.Answering("x");
        IChatClient client = new ChatClientBuilder(inner).UseGrounding().UsePiiRedaction(detector: new FailingDetector()).Build(services);

        PiiRedactionException ex = await Assert.ThrowsAsync<PiiRedactionException>(() => client.GetResponseAsync(streaming, $"Audit logs for {TestPiiDetector.Name}?"));

        Assert.Empty(retriever.Requests);
        Assert.Empty(inner.Calls);
        AssertNoCanary(ex.ToString(), "exception");
    }

    private sealed class FailingDetector : IPiiDetector
    {
        public IReadOnlyList<PiiEntity> Detect(string text, CancellationToken cancellationToken = default) => throw new FormatException(text);
    }
}
