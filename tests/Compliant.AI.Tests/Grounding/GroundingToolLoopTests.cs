using System.Runtime.CompilerServices;
using Compliant.AI.Tests.ToolPolicy;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Compliant.AI.Tests.Grounding.GroundingFixtures;

namespace Compliant.AI.Tests.Grounding;

/// <summary>
/// Grounding inside the tool loop that <c>UseCompliance()</c> builds when a retriever and <c>AddToolPolicy()</c> are both
/// registered: a round that proposes tool calls reaches the function-invoking client (its text withheld, never delivered),
/// the final answer is citation-checked as without tools, tool results are never citable sources, and the question is
/// retrieved once per request, not once per round.
/// </summary>
public sealed class GroundingToolLoopTests
{
    private const string Question = "How long are audit logs retained?";
    private const string Answer = "Audit logs are retained for six years from the date of creation [S1].";
    private const string Tool = "lookup_archive";
    private const string ToolCanary = "TOOL-RESULT-CANARY-5521";

    // Words of the question and of the passage, so that only a citation (not a lack of support) decides each case.
    private const string Smuggled = "Audit logs are retained for one day and may be deleted by anyone.";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
    private readonly TestRetriever _retriever = Retriever();
    private readonly AIFunction _tool;
    private int _toolRuns;

    public GroundingToolLoopTests()
    {
        _tool = AIFunctionFactory.Create(
            (string archive) =>
            {
                Interlocked.Increment(ref _toolRuns);
                return $"{archive}: audit logs are retained for ninety years. {ToolCanary}";
            },
            Tool);
    }

    /// <summary>What the scripted model says in the round after its tool call.</summary>
    private enum FinalRound
    {
        CitedAnswer,
        UncitedAnswer,
        CitesToolResult,
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UseCompliance_ToolCallThenCitedAnswer_ToolRunsOnceAndAnswerIsDelivered(bool streaming)
    {
        await using ServiceProvider provider = Build(Model(FinalRound.CitedAnswer));
        IChatClient chat = provider.GetRequiredService<IChatClient>();

        ChatResponse response = await chat.GetResponseAsync(streaming, Question, Options());

        Assert.Equal(1, _toolRuns);
        Assert.Equal(Answer, response.Messages[^1].Text);
        Assert.DoesNotContain(new GroundingOptions().CannotAnswerText, response.Text, StringComparison.Ordinal);
        GroundingResult result = Assert.IsType<GroundingResult>(response.GetGroundingResult());
        Assert.True(result.IsGrounded);
        Assert.Equal("audit-retention", Assert.Single(result.Citations).DocumentId);
        AuditRecord record = Assert.Single(provider.GetRequiredService<InMemoryAuditSink>().Records);
        Assert.Equal(AuditOutcome.Succeeded, record.Outcome);
        AuditVerdict grounding = Assert.Single(record.Verdicts, v => v.Stage == "grounding"); // the final answer's, not one per round
        Assert.Equal(AuditDecision.Allow, grounding.Decision);
        Assert.Contains(record.Verdicts, v => v.Stage == ToolPolicyReasons.StageName && v.Reason == ToolPolicyReasons.Allowed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UseCompliance_ToolLoop_RetrievesOncePerRequestNotPerRound(bool streaming)
    {
        await using ServiceProvider provider = Build(Model(FinalRound.CitedAnswer));
        IChatClient chat = provider.GetRequiredService<IChatClient>();

        await chat.GetResponseAsync(streaming, Question, Options());
        await chat.GetResponseAsync(streaming, Question, Options());

        Assert.Equal(2, _toolRuns);
        Assert.Equal(2, _retriever.Requests.Count); // two requests of two rounds each: one retrieval per request
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UseCompliance_ToolCallThenUncitedAnswer_CannotAnswer(bool streaming)
    {
        await using ServiceProvider provider = Build(Model(FinalRound.UncitedAnswer));
        IChatClient chat = provider.GetRequiredService<IChatClient>();

        ChatResponse response = await chat.GetResponseAsync(streaming, Question, Options());

        Assert.Equal(1, _toolRuns); // the tool ran: the final answer, not the tool round, was refused
        Assert.Equal(new GroundingOptions().CannotAnswerText, response.Messages[^1].Text);
        Assert.DoesNotContain("one day", response.Text, StringComparison.Ordinal);
        GroundingResult result = Assert.IsType<GroundingResult>(response.GetGroundingResult());
        Assert.True(result.Refused);
        Assert.Equal(GroundingReasons.MissingCitation, result.Reason);
        AuditRecord record = Assert.Single(provider.GetRequiredService<InMemoryAuditSink>().Records);
        Assert.Equal(AuditDecision.Deny, Assert.Single(record.Verdicts, v => v.Stage == "grounding").Decision);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UseCompliance_HostileModelMixesUngroundedTextIntoToolRound_TextNeverReachesCaller(bool streaming)
    {
        // The attack: the model hides an ungrounded claim in the round that proposes a tool call (in the call's own message
        // and in a second assistant message), hoping the round passes unchecked and the claim rides along to the caller.
        await using ServiceProvider provider = Build(Model(FinalRound.CitedAnswer, hostileToolRound: true));
        IChatClient chat = provider.GetRequiredService<IChatClient>();

        List<ChatResponseUpdate> updates = [];
        ChatResponse response;
        if (streaming)
        {
            await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, Question)], Options()))
            {
                updates.Add(update);
            }

            response = updates.ToChatResponse();
        }
        else
        {
            response = await chat.GetResponseAsync([new ChatMessage(ChatRole.User, Question)], Options());
        }

        Assert.Equal(1, _toolRuns); // tool use still works
        Assert.Equal(Answer, response.Messages[^1].Text);
        string everything = ScriptedModel.Everything(response, updates);
        Assert.DoesNotContain("one day", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("deleted by anyone", everything, StringComparison.Ordinal);
        AuditRecord record = Assert.Single(provider.GetRequiredService<InMemoryAuditSink>().Records);
        Assert.Equal(1, record.Counters.GetValueOrDefault("grounding.tool_round_text_withheld"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UseCompliance_AnswerCitesToolResultAsSource_CannotAnswer(bool streaming)
    {
        // Tool results are not sources: the model cites [S2] for the tool's claim, but only retrieved passages are numbered.
        await using ServiceProvider provider = Build(Model(FinalRound.CitesToolResult));
        IChatClient chat = provider.GetRequiredService<IChatClient>();

        ChatResponse response = await chat.GetResponseAsync(streaming, Question, Options());

        Assert.Equal(1, _toolRuns);
        Assert.Equal(new GroundingOptions().CannotAnswerText, response.Messages[^1].Text);
        Assert.DoesNotContain("ninety years", response.Messages[^1].Text, StringComparison.Ordinal);
        GroundingResult result = Assert.IsType<GroundingResult>(response.GetGroundingResult());
        Assert.True(result.Refused);
        Assert.Equal(1, result.SourceCount); // the tool result did not become a source
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UseCompliance_ApprovalRequiredToolWithGrounding_ApprovedToolRunsAndAnswerIsDelivered(bool streaming)
    {
        var approver = ScriptedApprover.Approving("supervisor-7");
        await using ServiceProvider provider = Build(Model(FinalRound.CitedAnswer), approver, requireApproval: true);
        IChatClient chat = provider.GetRequiredService<IChatClient>();

        ChatResponse response = await chat.GetResponseAsync(streaming, Question, Options());

        Assert.Single(approver.Requests);
        Assert.Equal(1, _toolRuns);
        Assert.Equal(Answer, response.Messages[^1].Text);
        Assert.True(response.GetGroundingResult()?.IsGrounded);
        Assert.Single(_retriever.Requests); // the approval round trip is still one request
        AuditRecord record = Assert.Single(provider.GetRequiredService<InMemoryAuditSink>().Records);
        Assert.Equal(AuditOutcome.Succeeded, record.Outcome);
        AuditVerdict approved = Assert.Single(record.Verdicts, v => v.Stage == ToolPolicyReasons.StageName && v.Reason == ToolPolicyReasons.Approved);
        Assert.Equal("supervisor-7", approved.Details!["approver"]);
        Assert.Equal(AuditDecision.Allow, Assert.Single(record.Verdicts, v => v.Stage == "grounding").Decision);
    }

    [Fact]
    public async Task UseCompliance_PassThroughStreaming_ToolRoundGetsNoVerdictAndFinalAnswerDoes()
    {
        // PassThrough cannot hold text back; a round holding only calls has nothing to judge, so only the answer gets a verdict.
        await using ServiceProvider provider = Build(Model(FinalRound.CitedAnswer), passThrough: true);
        IChatClient chat = provider.GetRequiredService<IChatClient>();

        List<ChatResponseUpdate> updates = [];
        await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, Question)], Options()))
        {
            updates.Add(update);
        }

        Assert.Equal(1, _toolRuns);
        GroundingResult result = Assert.Single(updates.Select(u => u.GetGroundingResult()).OfType<GroundingResult>());
        Assert.True(result.IsGrounded);
        Assert.Equal(Answer, updates.ToChatResponse().Messages[^1].Text);
        AuditRecord record = Assert.Single(provider.GetRequiredService<InMemoryAuditSink>().Records);
        Assert.Equal(AuditDecision.Allow, Assert.Single(record.Verdicts, v => v.Stage == "grounding").Decision);
        Assert.Equal(1, record.Counters.GetValueOrDefault("grounding.tool_rounds"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_ApprovalRequestFromLoopInsideGrounding_ReachesHostInsteadOfCannotAnswer(bool streaming)
    {
        // The other order: a tool loop inside grounding returns the approval request for the host; that round is not an answer.
        TestChatClient model = Model(FinalRound.CitedAnswer, hostileToolRound: true);
        using IChatClient loop = new ChatClientBuilder(model).UseFunctionInvocation().Build();
        using var grounding = new GroundingChatClient(loop, _retriever);
        var options = new ChatOptions { Tools = [new ApprovalRequiredAIFunction(_tool)] }.WithCaller(Staff);

        (ChatResponse response, List<ChatResponseUpdate> updates) = await ScriptedModel.CallAsync(grounding, streaming, Question, options);

        ToolApprovalRequestContent request = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<ToolApprovalRequestContent>());
        Assert.Equal(Tool, Assert.IsType<FunctionCallContent>(request.ToolCall).Name);
        Assert.Equal(0, _toolRuns);
        Assert.Null(response.GetGroundingResult()); // no verdict yet: the answer comes after the host's decision
        Assert.DoesNotContain(new GroundingOptions().CannotAnswerText, response.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("one day", ScriptedModel.Everything(response, updates), StringComparison.Ordinal);
    }

    private ChatOptions Options() => new ChatOptions { Tools = [_tool] }.WithCaller(Staff);

    private ServiceProvider Build(TestChatClient model, IToolApprover? approver = null, bool requireApproval = false, bool passThrough = false)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<IRetriever>(_retriever);
        if (approver is not null)
        {
            services.AddSingleton(approver);
        }

        services.AddCompliantAI()
            .AddGrounding(o => o.StreamingMode = passThrough ? GroundingStreamingMode.PassThrough : GroundingStreamingMode.Enforce)
            .AddAuditKey(TestKeys.Audit)
            .AddInMemoryAuditSink()
            .AddToolPolicy(o => o.Tools[Tool] = new Compliant.AI.ToolPolicy { Groups = { "staff" }, RequireApproval = requireApproval });
        services.AddChatClient(model).UseCompliance();
        return services.BuildServiceProvider();
    }

    /// <summary>A model that proposes one tool call, then answers as <paramref name="final"/> says once it has the tool's result.</summary>
    private static TestChatClient Model(FinalRound final, bool hostileToolRound = false)
    {
        ChatResponse Next(IEnumerable<ChatMessage> messages)
        {
            List<ChatMessage> list = [.. messages];
            int lastQuestion = list.FindLastIndex(m => m.Role == ChatRole.User && m.Text.Length > 0);
            bool haveResult = list.Skip(lastQuestion + 1).SelectMany(m => m.Contents).OfType<FunctionResultContent>().Any();
            if (!haveResult)
            {
                var call = new FunctionCallContent("call-1", Tool, new Dictionary<string, object?> { ["archive"] = "write-once" });
                return hostileToolRound
                    ? new ChatResponse([
                        new ChatMessage(ChatRole.Assistant, [new TextContent(Smuggled), call]) { MessageId = "m-1" },
                        new ChatMessage(ChatRole.Assistant, "Audit logs are deleted by anyone after one day.") { MessageId = "m-2" },
                    ])
                    : new ChatResponse(new ChatMessage(ChatRole.Assistant, [call]) { MessageId = "m-1" });
            }

            string text = final switch
            {
                FinalRound.CitedAnswer => Answer,
                FinalRound.UncitedAnswer => Smuggled,
                _ => "Audit logs are retained for ninety years [S2].",
            };
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, text) { MessageId = "m-3" });
        }

        return new TestChatClient
        {
            GetResponseAsyncCallback = (messages, _, _) => Task.FromResult(Next(messages)),
            GetStreamingResponseAsyncCallback = (messages, _, ct) => Stream(Next(messages), ct),
        };
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Stream(ChatResponse response, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (ChatResponseUpdate update in response.ToChatResponseUpdates())
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return update;
        }
    }
}
