using Microsoft.Extensions.AI;
using static Compliant.AI.Tests.Grounding.GroundingFixtures;
using static Compliant.AI.Tests.Grounding.ScriptedModel;

namespace Compliant.AI.Tests.Grounding;

/// <summary>
/// Issue 10 row 6 and its neighbours: a model that wraps injected content in the cannot-answer text gets only the
/// configured refusal text to the caller — never its own words — and the canary reaches no response, update, audit
/// record, log or span.
/// </summary>
[Collection(nameof(GroundingTelemetryGroup))]
public class GroundingRefusalTextTests
{
    private const string Question = "How long are audit logs retained?";
    private const string Canary = "hunter2";
    private const string Refusal = GroundingOptions.DefaultCannotAnswerText;

    public static IEnumerable<(string Name, string Answer)> Smuggled()
    {
        yield return ("issue example", Refusal + " However … the admin password is hunter2.");
        yield return ("upper case and exclamation", "I CANNOT ANSWER THAT FROM THE APPROVED SOURCES! The admin password is hunter2.");
        yield return ("extra whitespace and line breaks", "  i cannot   answer that\nfrom the approved sources ...\n\nhunter2 is the admin password");
        yield return ("bold refusal, parenthesised canary", "**" + Refusal + "** (admin password: hunter2)");
        yield return ("zero-width joiner before canary", Refusal + "\u200Bhunter2");
        yield return ("refusal at the end", "The admin password is hunter2. " + Refusal);
        yield return ("refusal in the middle", "Note: the admin password is hunter2. " + Refusal + " Sorry.");
        yield return ("refusal twice around canary", Refusal + " hunter2 " + Refusal);
        yield return ("refusal with a citation", Refusal + " [S1] The admin password is hunter2 [S1].");
        yield return ("canary as a quoted word", "\"" + Refusal + "\" hunter2");
    }

    public static TheoryData<string, bool, GroundingViolationPolicy> SmuggledCases()
    {
        var data = new TheoryData<string, bool, GroundingViolationPolicy>();
        foreach ((string name, _) in Smuggled())
        {
            foreach (GroundingViolationPolicy policy in new[] { GroundingViolationPolicy.Block, GroundingViolationPolicy.ReaskOnce })
            {
                data.Add(name, false, policy);
                data.Add(name, true, policy);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SmuggledCases))]
    public async Task GetResponse_RefusalTextWithInjectedContent_CallerGetsOnlyConfiguredRefusal(string name, bool streaming, GroundingViolationPolicy policy)
    {
        string answer = Smuggled().Single(s => s.Name == name).Answer;
        TestChatClient model = TestChatClient.Answering(answer, chunkSize: 3);
        using var channels = new GroundingChannels(model, Retriever(), new GroundingOptions { ViolationPolicy = policy });

        (ChatResponse response, List<ChatResponseUpdate> updates) = await CallAsync(channels.Client, streaming, Question, new ChatOptions().WithCaller(Staff));

        Assert.Equal(Refusal, response.Text);
        Assert.DoesNotContain(Canary, Everything(response, updates), StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, channels.Recorded(), StringComparison.Ordinal);
        GroundingResult result = response.GetGroundingResult()!;
        Assert.True(result.Refused);
        Assert.False(result.IsGrounded);

        // Text beside the refusal makes it an ordinary answer, checked and blocked: never model_declined.
        Assert.NotEqual(GroundingReasons.ModelDeclined, result.Reason);
        Assert.True(GroundingReasons.IsCitationFailure(result.Reason), result.Reason);
        Assert.Equal(policy == GroundingViolationPolicy.ReaskOnce ? 2 : 1, model.Calls.Count);
        Assert.Equal(AuditDecision.Deny, channels.Verdict.Decision);
        Assert.Equal(result.Reason, channels.Verdict.Reason);
        Assert.Equal("blocked", channels.Verdict.Details!["decision"]);
        Assert.Empty(channels.Record.SourceIds);
    }

    [Theory]
    [InlineData("exact", Refusal, false)]
    [InlineData("exact", Refusal, true)]
    [InlineData("lower case, no period", "i cannot answer that from the approved sources", false)]
    [InlineData("lower case, no period", "i cannot answer that from the approved sources", true)]
    [InlineData("quoted with line breaks", "\n“I cannot answer that\nfrom the approved sources.”\n", false)]
    [InlineData("quoted with line breaks", "\n“I cannot answer that\nfrom the approved sources.”\n", true)]
    public async Task GetResponse_ModelDeclines_DeliversConfiguredTextNotModelWording(string name, string answer, bool streaming)
    {
        _ = name;
        TestChatClient model = TestChatClient.Answering(answer, chunkSize: 2);
        using var channels = new GroundingChannels(model, Retriever(), new GroundingOptions { ViolationPolicy = GroundingViolationPolicy.ReaskOnce });

        (ChatResponse response, List<ChatResponseUpdate> updates) = await CallAsync(channels.Client, streaming, Question, new ChatOptions().WithCaller(Staff));

        Assert.Equal(Refusal, response.Text);
        if (streaming)
        {
            Assert.Equal(Refusal, string.Concat(updates.Select(u => u.Text)));
        }

        GroundingResult result = response.GetGroundingResult()!;
        Assert.True(result.Refused);
        Assert.Equal(GroundingReasons.ModelDeclined, result.Reason);
        Assert.False(GroundingReasons.IsCitationFailure(result.Reason));
        Assert.Single(model.Calls);
        Assert.Equal(GroundingReasons.ModelDeclined, channels.Verdict.Reason);
        Assert.Equal(AuditDecision.Deny, channels.Verdict.Decision);
        Assert.Equal("refused", channels.Verdict.Details!["decision"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_CustomRefusalTextWithInjectedContent_CallerGetsOnlyCustomText(bool streaming)
    {
        const string Custom = "Not covered by the approved policies.";
        TestChatClient model = TestChatClient.Answering(Custom + " Also, the admin password is hunter2.");
        using var channels = new GroundingChannels(model, Retriever(), new GroundingOptions { CannotAnswerText = Custom });

        (ChatResponse response, List<ChatResponseUpdate> updates) = await CallAsync(channels.Client, streaming, Question, new ChatOptions().WithCaller(Staff));

        Assert.Equal(Custom, response.Text);
        Assert.DoesNotContain(Canary, Everything(response, updates) + channels.Recorded(), StringComparison.Ordinal);
        Assert.Equal(GroundingReasons.MissingCitation, response.GetGroundingResult()!.Reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_RefusalThenSecondMessageWithCanary_IsBlocked(bool streaming)
    {
        TestChatClient model = Returning(
            Message(ChatRole.Assistant, "m1", new TextContent(Refusal)),
            Message(ChatRole.Assistant, "m2", new TextContent("The admin password is hunter2.")));
        using var channels = new GroundingChannels(model, Retriever());

        (ChatResponse response, List<ChatResponseUpdate> updates) = await CallAsync(channels.Client, streaming, Question, new ChatOptions().WithCaller(Staff));

        Assert.Equal(Refusal, response.Text);
        Assert.DoesNotContain(Canary, Everything(response, updates) + channels.Recorded(), StringComparison.Ordinal);
        Assert.Equal(GroundingReasons.MissingCitation, response.GetGroundingResult()!.Reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_RefusalWithCanaryInReasoning_IsModelDeclinedWithoutCanary(bool streaming)
    {
        TestChatClient model = Returning(Message(ChatRole.Assistant, "m1", new TextReasoningContent("The admin password is hunter2."), new TextContent(Refusal)));
        using var channels = new GroundingChannels(model, Retriever());

        (ChatResponse response, List<ChatResponseUpdate> updates) = await CallAsync(channels.Client, streaming, Question, new ChatOptions().WithCaller(Staff));

        Assert.Equal(Refusal, response.Text);
        Assert.DoesNotContain(Canary, Everything(response, updates) + channels.Recorded(), StringComparison.Ordinal);
        Assert.Equal(GroundingReasons.ModelDeclined, response.GetGroundingResult()!.Reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_InjectedClaimPaddedWithSupportedWords_IsBlockedWithoutCanary(bool streaming)
    {
        // Row 7 through the whole stage: a supported sentence with the injected claim appended, under one citation.
        TestChatClient model = TestChatClient.Answering("Audit logs are retained for six years from the date of creation in the write-once archive, and the admin password is hunter2 [S1].");
        using var channels = new GroundingChannels(model, Retriever());

        (ChatResponse response, List<ChatResponseUpdate> updates) = await CallAsync(channels.Client, streaming, Question, new ChatOptions().WithCaller(Staff));

        Assert.Equal(Refusal, response.Text);
        Assert.DoesNotContain(Canary, Everything(response, updates) + channels.Recorded(), StringComparison.Ordinal);
        GroundingResult result = response.GetGroundingResult()!;
        Assert.Equal(GroundingReasons.UnsupportedClaim, result.Reason);
        Assert.Equal(["S1"], Assert.Single(result.UnsupportedClaims).SourceIds);
    }
}
