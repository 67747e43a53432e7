using System.Text.Json;
using Compliant.AI.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Compliant.AI.Tests.StructuredOutput;

public sealed class StructuredOutputChatClientTests
{
    internal const string TicketSchema = """
        {
          "type": "object",
          "properties": {
            "category": { "type": "string", "enum": ["billing", "access", "clinical", "other"] },
            "priority": { "type": "integer", "minimum": 1, "maximum": 5 },
            "summary": { "type": "string", "maxLength": 200 }
          },
          "required": ["category", "priority", "summary"],
          "additionalProperties": false
        }
        """;

    private const string Valid = """{"category":"billing","priority":2,"summary":"Invoice shows a duplicate charge."}""";
    private const string Prose = "Sure! The ticket is about billing and it is fairly urgent.";
    private const string Truncated = """{"category":"billing","priority":2,"summ""";
    private const string WrongTypes = """{"category":"billing","priority":"high","summary":"Invoice shows a duplicate charge."}""";
    private const string ExtraProperty = """{"category":"billing","priority":2,"summary":"Invoice shows a duplicate charge.","patientName":"Jane Roe"}""";

    private static ChatOptions SchemaOptions() => new() { ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse(TicketSchema).RootElement, "ticket") };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponseAsync_ProseTruncatedWrongTypesExtraThenValid_ConvergesOnFifthAttempt(bool streaming)
    {
        TestChatClient model = ScriptedChatClient.Create(Prose, Truncated, WrongTypes, ExtraProperty, Valid);
        using var client = new StructuredOutputChatClient(model, new StructuredOutputOptions { MaxAttempts = 5 });
        var scope = new AuditScope(new AuditRecord());
        AuditScope.Current = scope;

        ChatResponse response = await client.GetResponseAsync(streaming, "Triage this ticket.", SchemaOptions());

        Assert.Equal(Valid, response.Text);
        Assert.Equal(5, model.Calls.Count);
        Assert.Equal(5, scope.Record.Counters["structured_output.attempts"]);
        Assert.Equal(
            ["invalid_json", "invalid_json", "schema_violation", "schema_violation", "valid"],
            scope.Record.Verdicts.Select(v => v.Reason));
        Assert.Equal(
            [AuditDecision.Deny, AuditDecision.Deny, AuditDecision.Deny, AuditDecision.Deny, AuditDecision.Allow],
            scope.Record.Verdicts.Select(v => v.Decision));
        Assert.All(scope.Record.Verdicts, v => Assert.Equal("structured_output", v.Stage));
        Assert.False(scope.Record.Counters.ContainsKey("structured_output.failures"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponseAsync_StillInvalidAfterMaxAttempts_ThrowsTypedExceptionWithErrorsAndAttempts(bool streaming)
    {
        TestChatClient model = ScriptedChatClient.Create(Prose, WrongTypes, ExtraProperty);
        using var client = new StructuredOutputChatClient(model);
        var scope = new AuditScope(new AuditRecord());
        AuditScope.Current = scope;

        var ex = await Assert.ThrowsAsync<StructuredOutputValidationException>(() => client.GetResponseAsync(streaming, "Triage this ticket.", SchemaOptions()));

        Assert.Equal(3, ex.Attempts);
        Assert.Equal(3, model.Calls.Count);
        Assert.Equal(JsonValidationFailureKind.SchemaViolation, ex.Failure);
        JsonSchemaValidationError error = Assert.Single(ex.Errors);
        Assert.Equal("/*4", error.InstancePath); // an undeclared property name comes from the answer: shown by position only
        Assert.Equal("additionalProperties", error.Keyword);
        Assert.Equal("#/additionalProperties", error.KeywordPath);
        Assert.DoesNotContain("Jane Roe", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, scope.Record.Counters["structured_output.failures"]);
        Assert.Equal("attempts_exhausted", scope.Record.Verdicts[^1].Reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponseAsync_Reask_ContainsErrorsButNoInstanceValues(bool streaming)
    {
        const string Leaky = """{"category":"Jane Roe, MRN 99887766","priority":"555-12-3456","summary":"x"}""";
        TestChatClient model = ScriptedChatClient.Create(Leaky, Valid);
        using var client = new StructuredOutputChatClient(model);
        List<ChatMessage> original = [new(ChatRole.User, "Triage this ticket.")];

        await client.GetResponseAsync(streaming, original, SchemaOptions());

        Assert.Single(original);
        List<ChatMessage> second = model.Calls[1].Messages;
        Assert.Equal(3, second.Count);
        Assert.Equal(ChatRole.Assistant, second[1].Role);
        Assert.Equal(Leaky, second[1].Text);
        ChatMessage reask = second[2];
        Assert.Equal(ChatRole.User, reask.Role);
        Assert.Contains("/category", reask.Text, StringComparison.Ordinal);
        Assert.Contains("must be one of", reask.Text, StringComparison.Ordinal);
        Assert.Contains("#/properties/category/enum", reask.Text, StringComparison.Ordinal);
        Assert.Contains("/priority", reask.Text, StringComparison.Ordinal);
        Assert.Contains("expected integer but found string", reask.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Jane", reask.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("99887766", reask.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("555-12-3456", reask.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponseAsync_NoJsonSchemaRequested_PassesThroughUntouched(bool streaming)
    {
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.Json };
        TestChatClient model = TestChatClient.Answering(Prose);
        using var client = new StructuredOutputChatClient(model);
        var scope = new AuditScope(new AuditRecord());
        AuditScope.Current = scope;

        ChatResponse a = await client.GetResponseAsync(streaming, "hi", options);
        ChatResponse b = await client.GetResponseAsync(streaming, "hi", null);

        Assert.Equal(Prose, a.Text);
        Assert.Equal(Prose, b.Text);
        Assert.Equal(2, model.Calls.Count);
        Assert.Same(options, model.Calls[0].Options);
        Assert.Empty(scope.Record.Verdicts);
        Assert.Empty(scope.Record.Counters);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Enforce_NeverYieldsInvalidJson()
    {
        TestChatClient model = ScriptedChatClient.Create(Truncated, WrongTypes, Valid);
        using var client = new StructuredOutputChatClient(model);

        var texts = new List<string>();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "t")], SchemaOptions()))
        {
            texts.Add(update.Text);
        }

        Assert.Equal(Valid, string.Concat(texts));
        Assert.True(texts.Count > 1, "the valid answer is released as its original updates");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponseAsync_Observe_ReturnsInvalidAnswerAndRecordsVerdict(bool streaming)
    {
        TestChatClient model = ScriptedChatClient.Create(WrongTypes);
        using var client = new StructuredOutputChatClient(model, new StructuredOutputOptions { Mode = StructuredOutputMode.Observe });
        var scope = new AuditScope(new AuditRecord());
        AuditScope.Current = scope;

        ChatResponse response = await client.GetResponseAsync(streaming, "t", SchemaOptions());

        Assert.Equal(WrongTypes, response.Text);
        Assert.Single(model.Calls);
        AuditVerdict verdict = Assert.Single(scope.Record.Verdicts);
        Assert.Equal(AuditDecision.Deny, verdict.Decision);
        Assert.Equal("schema_violation", verdict.Reason);
        Assert.Equal("observe", verdict.Details!["mode"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponseAsync_FencedAnswer_StrippedOnlyWhenEnabled(bool streaming)
    {
        string fenced = "```json\n" + Valid + "\n```";

        TestChatClient lenientModel = ScriptedChatClient.Create(fenced);
        using var lenient = new StructuredOutputChatClient(lenientModel, new StructuredOutputOptions { StripMarkdownCodeFence = true });
        var scope = new AuditScope(new AuditRecord());
        AuditScope.Current = scope;
        ChatResponse response = await lenient.GetResponseAsync(streaming, "t", SchemaOptions());
        Assert.Equal(Valid, response.Text);
        Assert.Single(lenientModel.Calls);
        Assert.Equal(AuditDecision.Modify, scope.Record.Verdicts[0].Decision);
        Assert.Equal("code_fence_stripped", scope.Record.Verdicts[0].Details!["leniency"]);

        TestChatClient strictModel = ScriptedChatClient.Create(fenced, Valid);
        using var strict = new StructuredOutputChatClient(strictModel);
        ChatResponse strictResponse = await strict.GetResponseAsync(streaming, "t", SchemaOptions());
        Assert.Equal(Valid, strictResponse.Text);
        Assert.Equal(2, strictModel.Calls.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponseAsync_InvalidSchema_ThrowsJsonSchemaExceptionBeforeCallingTheModel(bool streaming)
    {
        TestChatClient model = ScriptedChatClient.Create(Valid);
        using var client = new StructuredOutputChatClient(model);
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse("""{"type":"strnig"}""").RootElement) };

        var ex = await Assert.ThrowsAsync<JsonSchemaException>(() => client.GetResponseAsync(streaming, "t", options));

        Assert.Equal("#/type", ex.SchemaPath);
        Assert.Empty(model.Calls);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponseAsync_HugeOrDeepAnswer_RejectedWithLimitReasons(bool streaming)
    {
        string huge = "{\"summary\":\"" + new string('a', 5000) + "\"}";
        string deep = new string('[', 100) + new string(']', 100);
        TestChatClient model = ScriptedChatClient.Create(huge, deep, Valid);
        using var client = new StructuredOutputChatClient(model, new StructuredOutputOptions { MaxInstanceBytes = 1000, MaxDepth = 32 });
        var scope = new AuditScope(new AuditRecord());
        AuditScope.Current = scope;

        ChatResponse response = await client.GetResponseAsync(streaming, "t", SchemaOptions());

        Assert.Equal(Valid, response.Text);
        Assert.Equal(["instance_too_large", "instance_too_deep", "valid"], scope.Record.Verdicts.Select(v => v.Reason));
        Assert.Contains("too large", model.Calls[1].Messages[^1].Text, StringComparison.Ordinal);
    }

    private static ChatOptions RecursiveOptions() =>
        new() { ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse(JsonSchemaValidatorTests.RecursiveAnyOfSchema).RootElement, "chain") };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponseAsync_RecursiveAnyOfAnswer40Deep_ValidatesWithinASmallWorkBudget(bool streaming)
    {
        // the 40-deep answer: 2^40 evaluations without memoization; linear with it, so a budget of 4,000 steps suffices
        string answer = JsonSchemaValidatorTests.RecursiveAnyOfInstance(40);
        TestChatClient model = ScriptedChatClient.Create(answer);
        using var client = new StructuredOutputChatClient(model, new StructuredOutputOptions { MaxWork = 4_000 });

        ChatResponse response = await client.GetResponseAsync(streaming, "t", RecursiveOptions());

        Assert.Equal(answer, response.Text);
        Assert.Single(model.Calls);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponseAsync_AnswerExceedsWorkBudget_ThrowsTypedWorkLimitExceeded(bool streaming)
    {
        string answer = JsonSchemaValidatorTests.RecursiveAnyOfInstance(40);
        TestChatClient model = ScriptedChatClient.Create(answer, answer);
        using var client = new StructuredOutputChatClient(model, new StructuredOutputOptions { MaxWork = 50, MaxAttempts = 2 });
        var scope = new AuditScope(new AuditRecord());
        AuditScope.Current = scope;

        var ex = await Assert.ThrowsAsync<StructuredOutputValidationException>(() => client.GetResponseAsync(streaming, "t", RecursiveOptions()));

        Assert.Equal(JsonValidationFailureKind.WorkLimitExceeded, ex.Failure);
        Assert.Equal("maxWork", Assert.Single(ex.Errors).Keyword);
        Assert.Equal(["work_limit_exceeded", "work_limit_exceeded", "attempts_exhausted"], scope.Record.Verdicts.Select(v => v.Reason));
        Assert.Equal((scope.Record.Verdicts[^1].Stage, scope.Record.Verdicts[^1].Reason), (ex.Stage, ex.Reason));
        Assert.Contains("too complex", model.Calls[1].Messages[^1].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponseAsync_CallerCancelsWhileValidating_ThrowsOperationCanceled(bool streaming)
    {
        // the model returns, then the caller's token is cancelled: only the validation itself can observe it
        string answer = "[" + string.Join(",", Enumerable.Range(0, 5000)) + "]";
        using var cts = new CancellationTokenSource();
        var model = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) =>
            {
                cts.Cancel();
                return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer)));
            },
            GetStreamingResponseAsyncCallback = (_, _, _) => YieldThenCancel(answer, cts),
        };
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse("""{"items":{"type":"integer"}}""").RootElement) };
        using var client = new StructuredOutputChatClient(model);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync(streaming, "t", options, cts.Token));
        Assert.Single(model.Calls);
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> YieldThenCancel(string text, CancellationTokenSource cts)
    {
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, text);
        cts.Cancel();
    }

    [Theory]
    [InlineData(false, """{"category":"billing","priority":2,"summary":"\udc00x"}""")]
    [InlineData(true, """{"category":"billing","priority":2,"summary":"\udc00x"}""")]
    [InlineData(false, """{"category":"billing","priority":2,"summary":"s","\ud800":1}""")]
    [InlineData(true, """{"category":"billing","priority":2,"summary":"s","\ud800":1}""")]
    public async Task GetResponseAsync_LoneSurrogateInAnswer_ThrowsTypedExceptionNotInvalidOperation(bool streaming, string answer)
    {
        TestChatClient model = ScriptedChatClient.Create(answer, answer, answer);
        using var client = new StructuredOutputChatClient(model);

        var ex = await Assert.ThrowsAsync<StructuredOutputValidationException>(() => client.GetResponseAsync(streaming, "t", SchemaOptions()));

        Assert.Equal(JsonValidationFailureKind.InvalidJson, ex.Failure);
        Assert.Equal(3, ex.Attempts);
        Assert.Contains("surrogate", ex.Errors[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponseAsync_RestoredEmailAsPropertyName_NeverInExceptionReaskOrAudit(bool streaming)
    {
        // the model wrote {"<EMAIL_ADDRESS_1>": ...}; the redaction stage (inner) restored the real address before this stage saw it
        const string Canary = "maria.okafor@example.com";
        const string Answer = """{"category":"billing","priority":2,"summary":"s","maria.okafor@example.com":{"dob":"1970-01-01"}}""";
        const string Nested = """{"category":"billing","priority":"x","summary":"s","maria.okafor@example.com":1}""";
        TestChatClient model = ScriptedChatClient.Create(Answer, Nested, Answer);
        using var client = new StructuredOutputChatClient(model);
        var scope = new AuditScope(new AuditRecord());
        AuditScope.Current = scope;

        var ex = await Assert.ThrowsAsync<StructuredOutputValidationException>(() => client.GetResponseAsync(streaming, "t", SchemaOptions()));

        Assert.Equal("/*4", ex.Errors.Single(e => e.Keyword == "additionalProperties").InstancePath);
        Assert.DoesNotContain(Canary, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, string.Join("\n", ex.Errors.Select(e => $"{e.InstancePath} {e.KeywordPath} {e.Message}")), StringComparison.Ordinal);
        Assert.DoesNotContain("1970", ex.ToString(), StringComparison.Ordinal);
        foreach ((List<ChatMessage> messages, _) in model.Calls.Skip(1))
        {
            ChatMessage correction = messages[^1];
            Assert.Equal(ChatRole.User, correction.Role);
            Assert.Contains("*4", correction.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(Canary, correction.Text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Canary, string.Join("\n", scope.Record.Verdicts.SelectMany(v => v.Details?.Values ?? [])), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponseAsync_DeepCallerSchema_ThrowsJsonSchemaExceptionWithoutCallingTheModel(bool streaming)
    {
        const int Depth = 5_000; // the 20,000 behaves the same; JsonDocument.Parse (the caller's) is slow that deep
        string schema = string.Concat(Enumerable.Repeat("{\"items\":", Depth)) + "{}" + new string('}', Depth);
        using JsonDocument document = JsonDocument.Parse(schema, new JsonDocumentOptions { MaxDepth = Depth + 10 });
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(document.RootElement) };
        TestChatClient model = ScriptedChatClient.Create(Valid);
        using var client = new StructuredOutputChatClient(model);

        var ex = await Assert.ThrowsAsync<JsonSchemaException>(() => client.GetResponseAsync(streaming, "t", options));

        Assert.Contains("nests deeper", ex.Message, StringComparison.Ordinal);
        Assert.Empty(model.Calls);
    }

    [Fact]
    public async Task GetResponseAsync_MultipleAttempts_SumsUsage()
    {
        TestChatClient model = ScriptedChatClient.Create(new UsageDetails { InputTokenCount = 10, OutputTokenCount = 5, TotalTokenCount = 15 }, Prose, Valid);
        using var client = new StructuredOutputChatClient(model);

        ChatResponse response = await client.GetResponseAsync("t", SchemaOptions());

        Assert.Equal(20, response.Usage!.InputTokenCount);
        Assert.Equal(10, response.Usage.OutputTokenCount);
        Assert.Equal(30, response.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task GetResponseAsync_ServiceSideConversation_SendsOnlyTheCorrection()
    {
        var queue = new Queue<string>([WrongTypes, Valid]);
        var model = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, queue.Dequeue())) { ConversationId = "conv-1" }),
        };
        using var client = new StructuredOutputChatClient(model);
        ChatOptions options = SchemaOptions();

        await client.GetResponseAsync("t", options);

        Assert.Null(options.ConversationId);
        Assert.Equal("conv-1", model.Calls[1].Options!.ConversationId);
        ChatMessage only = Assert.Single(model.Calls[1].Messages);
        Assert.Equal(ChatRole.User, only.Role);
    }

    [Fact]
    public async Task GetResponseAsync_RecordsAttemptAndFailureMetrics()
    {
        using var attempts = new MetricCollector<long>(CompliantTelemetry.StructuredOutput.Attempts);
        using var failures = new MetricCollector<long>(CompliantTelemetry.StructuredOutput.Failures);
        using var duration = new MetricCollector<double>(CompliantTelemetry.StructuredOutput.ValidationDuration);
        TestChatClient model = ScriptedChatClient.Create(Prose, Prose);
        using var client = new StructuredOutputChatClient(model, new StructuredOutputOptions { MaxAttempts = 2 });

        await Assert.ThrowsAsync<StructuredOutputValidationException>(() => client.GetResponseAsync("t", SchemaOptions()));

        Assert.Contains(attempts.GetMeasurementSnapshot(), m => (string?)m.Tags["compliant_ai.structured_output.reason"] == "invalid_json");
        Assert.Contains(failures.GetMeasurementSnapshot(), m => (string?)m.Tags["compliant_ai.structured_output.reason"] == "invalid_json");
        Assert.True(duration.GetMeasurementSnapshot().Count >= 2);
    }

    [Fact]
    public async Task GetResponseAsync_SameSchemaTwice_CompilesOnce()
    {
        TestChatClient model = ScriptedChatClient.Create(Valid, Valid);
        using var client = new StructuredOutputChatClient(model);

        await client.GetResponseAsync("t", SchemaOptions());
        await client.GetResponseAsync("t", SchemaOptions());

        Assert.Equal(2, model.Calls.Count);
    }

    [Fact]
    public void Constructor_NullInner_Throws() =>
        Assert.Throws<ArgumentNullException>(() => new StructuredOutputChatClient(null!));
}
