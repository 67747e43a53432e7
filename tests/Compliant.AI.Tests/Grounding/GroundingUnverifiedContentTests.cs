using Microsoft.Extensions.AI;
using static Compliant.AI.Tests.Grounding.GroundingFixtures;
using static Compliant.AI.Tests.Grounding.ScriptedModel;

namespace Compliant.AI.Tests.Grounding;

/// <summary>
/// Issue 10 row 5 and its neighbours: a model that puts unverified text beside a grounded answer — in a second assistant
/// message, a tool-role or system-role message, a second streamed message id, a function result, reasoning, an error, a
/// text attachment or a provider's own citation — never gets that text to the caller, and never with <c>grounded</c> true.
/// </summary>
public class GroundingUnverifiedContentTests
{
    private const string Question = "How long are audit logs retained?";
    private const string Grounded = "Audit logs are retained for six years from the date of creation [S1].";
    private const string Canary = "hunter2";
    private const string Injected = "The admin password is hunter2.";

    /// <summary>How the stage must treat the script: refuse it with a reason (its text is checked), or deliver the grounded text only (the rest is dropped).</summary>
    public enum Outcome
    {
        Refused,
        DeliveredWithoutCanary,
    }

    public static IEnumerable<(string Name, Func<ChatMessage[]> Script, Outcome Outcome, string? Reason)> Scripts()
    {
        yield return ("two assistant messages", () => [Message(ChatRole.Assistant, "m1", new TextContent(Grounded)), Message(ChatRole.Assistant, "m2", new TextContent(Injected))], Outcome.Refused, GroundingReasons.MissingCitation);
        yield return ("two assistant messages, second cites S1", () => [Message(ChatRole.Assistant, "m1", new TextContent(Grounded)), Message(ChatRole.Assistant, "m2", new TextContent("The admin password is hunter2 [S1]."))], Outcome.Refused, GroundingReasons.UnsupportedClaim);
        yield return ("two text contents in one message", () => [Message(ChatRole.Assistant, "m1", new TextContent(Grounded), new TextContent(" " + Injected))], Outcome.Refused, GroundingReasons.UnsupportedClaim);
        yield return ("tool-role text first", () => [Message(ChatRole.Tool, "m0", new TextContent(Injected)), Message(ChatRole.Assistant, "m1", new TextContent(Grounded))], Outcome.Refused, GroundingReasons.MissingCitation);
        yield return ("system-role message from the model", () => [Message(ChatRole.System, "m0", new TextContent(Injected)), Message(ChatRole.Assistant, "m1", new TextContent(Grounded))], Outcome.Refused, GroundingReasons.MissingCitation);
        yield return ("user-role message from the model", () => [Message(ChatRole.Assistant, "m1", new TextContent(Grounded)), Message(ChatRole.User, "m2", new TextContent(Injected))], Outcome.Refused, GroundingReasons.MissingCitation);
        yield return ("mixed roles, canary in the middle", () => [Message(ChatRole.Assistant, "m1", new TextContent(Grounded)), Message(ChatRole.Tool, "m2", new TextContent(Injected)), Message(ChatRole.Assistant, "m3", new TextContent(Grounded))], Outcome.Refused, GroundingReasons.MissingCitation);
        yield return ("tool-role function result first", () => [Message(ChatRole.Tool, "m0", new FunctionResultContent("call-9", Injected)), Message(ChatRole.Assistant, "m1", new TextContent(Grounded))], Outcome.DeliveredWithoutCanary, null);
        yield return ("function result inside the assistant message", () => [Message(ChatRole.Assistant, "m1", new TextContent(Grounded), new FunctionResultContent("call-9", Injected))], Outcome.DeliveredWithoutCanary, null);
        yield return ("function result answering a call of another message id in the assistant role", () => [Message(ChatRole.Assistant, "m0", new FunctionCallContent("call-9", "lookup")), Message(ChatRole.Assistant, "m1", new FunctionResultContent("call-9", Injected), new TextContent(Grounded))], Outcome.DeliveredWithoutCanary, null);
        yield return ("function result before its call", () => [Message(ChatRole.Tool, "m0", new FunctionResultContent("call-9", Injected)), Message(ChatRole.Assistant, "m1", new FunctionCallContent("call-9", "lookup")), Message(ChatRole.Assistant, "m2", new TextContent(Grounded))], Outcome.DeliveredWithoutCanary, null);
        yield return ("reasoning content", () => [Message(ChatRole.Assistant, "m1", new TextReasoningContent(Injected), new TextContent(Grounded))], Outcome.DeliveredWithoutCanary, null);
        yield return ("error content", () => [Message(ChatRole.Assistant, "m1", new TextContent(Grounded), new ErrorContent(Injected))], Outcome.DeliveredWithoutCanary, null);
        yield return ("text attachment", () => [Message(ChatRole.Assistant, "m1", new TextContent(Grounded), new DataContent(System.Text.Encoding.UTF8.GetBytes(Injected), "text/plain"))], Outcome.DeliveredWithoutCanary, null);
        yield return ("provider's own citation annotation", () => [Message(ChatRole.Assistant, "m1", ForeignCitation())], Outcome.DeliveredWithoutCanary, null);
    }

    public static TheoryData<string, bool> ScriptsByStreaming()
    {
        var data = new TheoryData<string, bool>();
        foreach ((string name, _, _, _) in Scripts())
        {
            data.Add(name, false);
            data.Add(name, true);
        }

        return data;
    }

    public static TheoryData<string> ScriptNames()
    {
        var data = new TheoryData<string>();
        foreach ((string name, _, _, _) in Scripts())
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ScriptsByStreaming))]
    public async Task Block_UnverifiedContentBesideGroundedAnswer_NeverReachesCaller(string name, bool streaming)
    {
        (_, Func<ChatMessage[]> script, Outcome outcome, string? reason) = Scripts().Single(s => s.Name == name);
        using var client = new GroundingChatClient(Returning(script()), Retriever());
        var audit = new AuditScope(new AuditRecord());
        AuditScope.Current = audit;

        (ChatResponse response, List<ChatResponseUpdate> updates) = await CallAsync(client, streaming, Question, new ChatOptions().WithCaller(Staff));

        AuditScope.Current = null;
        Assert.DoesNotContain(Canary, Everything(response, updates), StringComparison.Ordinal);
        GroundingResult result = response.GetGroundingResult()!;
        AuditVerdict verdict = Assert.Single(audit.Record.Verdicts);
        if (outcome == Outcome.Refused)
        {
            Assert.True(result.Refused);
            Assert.False(result.IsGrounded);
            Assert.Equal(reason, result.Reason);
            Assert.True(GroundingReasons.IsCitationFailure(result.Reason));
            Assert.Equal(GroundingOptions.DefaultCannotAnswerText, response.Text);
            Assert.Equal(AuditDecision.Deny, verdict.Decision);
            Assert.Equal(reason, verdict.Reason);
        }
        else
        {
            Assert.True(result.IsGrounded);
            Assert.Equal(Grounded, response.Text);
            Assert.Equal("S1", Assert.Single(result.Citations).SourceId);
            CitationAnnotation citation = Assert.Single(GroundingChatClientTests.Annotations(response));
            Assert.Equal("audit-retention", citation.FileId);
            Assert.Equal(AuditDecision.Allow, verdict.Decision);
        }
    }

    [Theory]
    [MemberData(nameof(ScriptsByStreaming))]
    public async Task AnnotateOnly_UnverifiedContent_IsFlaggedOrDropped(string name, bool streaming)
    {
        // AnnotateOnly delivers answers that fail the checks — flagged, never as grounded — and still drops what it cannot check.
        (_, Func<ChatMessage[]> script, Outcome outcome, string? reason) = Scripts().Single(s => s.Name == name);
        using var client = new GroundingChatClient(Returning(script()), Retriever(), new GroundingOptions { ViolationPolicy = GroundingViolationPolicy.AnnotateOnly });

        (ChatResponse response, List<ChatResponseUpdate> updates) = await CallAsync(client, streaming, Question, new ChatOptions().WithCaller(Staff));

        GroundingResult result = response.GetGroundingResult()!;
        if (outcome == Outcome.Refused)
        {
            Assert.False(result.Refused);
            Assert.False(result.IsGrounded);
            Assert.Equal(reason, result.Reason);
        }
        else
        {
            Assert.DoesNotContain(Canary, Everything(response, updates), StringComparison.Ordinal);
            Assert.True(result.IsGrounded);
        }
    }

    [Theory]
    [MemberData(nameof(ScriptNames))]
    public async Task PassThrough_UnverifiedContent_IsFlaggedInFinalUpdateOrDropped(string name)
    {
        (_, Func<ChatMessage[]> script, Outcome outcome, string? reason) = Scripts().Single(s => s.Name == name);
        using var client = new GroundingChatClient(Returning(script()), Retriever(), new GroundingOptions { StreamingMode = GroundingStreamingMode.PassThrough });

        (ChatResponse response, List<ChatResponseUpdate> updates) = await CallAsync(client, streaming: true, Question, new ChatOptions().WithCaller(Staff));

        GroundingResult result = updates[^1].GetGroundingResult()!;
        if (outcome == Outcome.Refused)
        {
            // Pass-through cannot take back streamed text; the verdict says it is not grounded.
            Assert.False(result.IsGrounded);
            Assert.Equal(reason, result.Reason);
        }
        else
        {
            Assert.DoesNotContain(Canary, Everything(response, updates), StringComparison.Ordinal);
            Assert.True(result.IsGrounded);
        }
    }

    [Theory]
    [InlineData(GroundingStreamingMode.Enforce)]
    [InlineData(GroundingStreamingMode.PassThrough)]
    public async Task GetStreamingResponse_SecondMessageIdWithoutRole_IsVerified(GroundingStreamingMode mode)
    {
        // The second message's updates carry a new message id but no role: still a separate message, still checked.
        var inner = new TestChatClient { GetStreamingResponseAsyncCallback = (_, _, ct) => Updates(ct) };
        using var client = new GroundingChatClient(inner, Retriever(), new GroundingOptions { StreamingMode = mode });

        (ChatResponse response, List<ChatResponseUpdate> updates) = await CallAsync(client, streaming: true, Question, new ChatOptions().WithCaller(Staff));

        GroundingResult result = updates[^1].GetGroundingResult()!;
        Assert.False(result.IsGrounded);
        Assert.Equal(GroundingReasons.MissingCitation, result.Reason);
        if (mode == GroundingStreamingMode.Enforce)
        {
            Assert.True(result.Refused);
            Assert.Equal(GroundingOptions.DefaultCannotAnswerText, response.Text);
            Assert.DoesNotContain(Canary, Everything(response, updates), StringComparison.Ordinal);
        }

        static async IAsyncEnumerable<ChatResponseUpdate> Updates([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, Grounded) { MessageId = "m1" };
            ct.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate { MessageId = "m2", Contents = [new TextContent("The admin ")] };
            yield return new ChatResponseUpdate { MessageId = "m2", Contents = [new TextContent("password is hunter2.")] };
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_FunctionInvocationInsideGrounding_KeepsCallAndResultRecord(bool streaming)
    {
        // A function-invocation stage inside grounding adds the call and the caller's own tool result to the response: the
        // record stays whole (history must pair every call with its result), and the answer text is what is verified.
        int call = 0;
        var model = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => Task.FromResult(call++ == 0
                ? new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call-1", "retention_years")]))
                : new ChatResponse(new ChatMessage(ChatRole.Assistant, Grounded))),
            GetStreamingResponseAsyncCallback = (_, _, ct) => call++ == 0
                ? One(new ChatResponseUpdate(ChatRole.Assistant, [new FunctionCallContent("call-1", "retention_years")]) { MessageId = "c1" }, ct)
                : TestChatClient.StreamText(Grounded, 7, ct),
        };
        using IChatClient client = new ChatClientBuilder(model)
            .UseFunctionInvocation()
            .Build();
        using var grounding = new GroundingChatClient(client, Retriever());
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create(() => "six years", "retention_years")] }.WithCaller(Staff);

        (ChatResponse response, _) = await CallAsync(grounding, streaming, Question, options);

        Assert.True(response.GetGroundingResult()!.IsGrounded);
        Assert.Equal(Grounded, response.Text);
        FunctionCallContent functionCall = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        FunctionResultContent functionResult = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>());
        Assert.Equal(functionCall.CallId, functionResult.CallId);
        Assert.Equal("six years", functionResult.Result?.ToString());

        static async IAsyncEnumerable<ChatResponseUpdate> One(ChatResponseUpdate update, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            await Task.Yield();
            ct.ThrowIfCancellationRequested();
            yield return update;
        }
    }

    private static TextContent ForeignCitation() => new(Grounded)
    {
        Annotations =
        [
            new CitationAnnotation { Title = "Admin credentials", Snippet = Injected, Url = new Uri("https://evil.example/" + Canary), FileId = "never-retrieved" },
        ],
    };
}
