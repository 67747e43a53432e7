using System.Net;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Compliant.AI.Tests.Resilience;

public sealed class ChatRoutingTests
{
    private static AuditScope NewScope() => AuditScope.Current = new AuditScope(new AuditRecord());

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CreateFailover_PrimaryFails_SecondAnswersAndFailoverAudited(bool streaming)
    {
        TestChatClient primary = FaultScript.Client(new HttpRequestException("down", null, HttpStatusCode.ServiceUnavailable));
        TestChatClient secondary = TestChatClient.Answering("from secondary");
        using IChatClient client = ChatRouting.CreateFailover([primary, secondary]);
        AuditScope scope = NewScope();

        ChatResponse response = await client.GetResponseAsync(streaming, "hi");

        Assert.Equal("from secondary", response.Text);
        Assert.Single(primary.Calls);
        Assert.Single(secondary.Calls);
        Assert.Equal(1, scope.Record.Counters["resilience.failovers"]);
        AuditVerdict verdict = Assert.Single(scope.Record.Verdicts, v => v.Reason == "failover");
        Assert.Equal(AuditDecision.Modify, verdict.Decision);
        Assert.Equal("2", verdict.Details!["client_position"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CreateFailover_PrimaryHealthy_NoFailoverRecorded(bool streaming)
    {
        TestChatClient primary = TestChatClient.Answering("from primary");
        TestChatClient secondary = TestChatClient.Answering("from secondary");
        using IChatClient client = ChatRouting.CreateFailover([primary, secondary]);
        AuditScope scope = NewScope();

        ChatResponse response = await client.GetResponseAsync(streaming, "hi");

        Assert.Equal("from primary", response.Text);
        Assert.Empty(secondary.Calls);
        Assert.False(scope.Record.Counters.ContainsKey("resilience.failovers"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CreateFailover_OpenCircuitOnPrimary_FailsOverAtOnce(bool streaming)
    {
        var time = new FakeTimeProvider();
        TestChatClient primary = FaultScript.Client(
            new HttpRequestException("down", null, HttpStatusCode.ServiceUnavailable),
            new HttpRequestException("down", null, HttpStatusCode.ServiceUnavailable));
        var resilientPrimary = new ResilienceChatClient(primary, new ResilienceOptions { MaxRetryAttempts = 0, CircuitBreakerMinimumThroughput = 2 }, time);
        TestChatClient secondary = TestChatClient.Answering("from secondary");
        using IChatClient client = ChatRouting.CreateFailover([resilientPrimary, secondary]);

        for (int i = 0; i < 3; i++)
        {
            Assert.Equal("from secondary", (await client.GetResponseAsync(streaming, "hi")).Text);
        }

        Assert.Equal(2, primary.Calls.Count); // the third call found the circuit open and went straight to the secondary
        Assert.Equal(3, secondary.Calls.Count);
    }

    [Theory]
    [InlineData(false, "short question", null, "economy", "short_prompt")]
    [InlineData(true, "short question", null, "economy", "short_prompt")]
    [InlineData(false, "long", null, "primary", "prompt_length")]
    [InlineData(true, "long", null, "primary", "prompt_length")]
    [InlineData(false, "short question", "tools", "primary", "tools")]
    [InlineData(true, "short question", "tools", "primary", "tools")]
    [InlineData(false, "short question", "schema", "primary", "schema")]
    [InlineData(true, "short question", "schema", "primary", "schema")]
    [InlineData(false, "long", "hint-economy", "economy", "hint")]
    [InlineData(true, "long", "hint-economy", "economy", "hint")]
    public async Task CreateCostAware_RoutesByRulesAndRecordsDecision(bool streaming, string prompt, string? feature, string expectedRoute, string expectedRule)
    {
        TestChatClient primary = TestChatClient.Answering("primary");
        TestChatClient economy = TestChatClient.Answering("economy");
        using IChatClient client = ChatRouting.CreateCostAware(primary, economy, new CostRoutingOptions { MaxEconomyPromptCharacters = 100 });
        string text = prompt == "long" ? new string('x', 101) : prompt;
        var options = new ChatOptions();
        switch (feature)
        {
            case "tools":
                options.Tools = [AIFunctionFactory.Create(() => "42", "answer")];
                break;
            case "schema":
                options.ResponseFormat = ChatResponseFormat.ForJsonSchema(System.Text.Json.JsonDocument.Parse("""{"type":"object"}""").RootElement, "result");
                break;
            case "hint-economy":
                options.AdditionalProperties = new() { [CostRoutingOptions.HintKey] = CostRoutingOptions.EconomyRoute };
                break;
        }

        AuditScope scope = NewScope();
        ChatResponse response = await client.GetResponseAsync(streaming, text, options);

        Assert.Equal(expectedRoute, response.Text);
        AuditVerdict verdict = Assert.Single(scope.Record.Verdicts);
        Assert.Equal(("routing", AuditDecision.Allow, expectedRoute), (verdict.Stage, verdict.Decision, verdict.Reason));
        Assert.Equal(expectedRule, verdict.Details!["rule"]);
    }

    [Fact]
    public void CreateFailover_NoClients_Throws()
    {
        Assert.Throws<ArgumentException>(() => ChatRouting.CreateFailover([]));
    }
}
