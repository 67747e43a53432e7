using System.Diagnostics;
using System.Text.Json;
using Compliant.AI.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static Compliant.AI.Tests.PiiRedaction.RedactionTestHelpers;

namespace Compliant.AI.Tests.PiiRedaction;

public class PiiRedactionChatClientTests
{
    private const string Ssn = TestPiiDetector.Ssn;
    private const string Card = TestPiiDetector.Card;
    private const string Name = TestPiiDetector.Name;
    private const string Email = TestPiiDetector.Email;

    private static List<ChatMessage> FullHistory() =>
    [
        new(ChatRole.System, $"You assist {Name}."),
        new(ChatRole.User, $"My SSN is {Ssn} and my card {Card}."),
        new(ChatRole.Assistant, [
            new TextContent($"Looking up {Name}."),
            new FunctionCallContent("call-1", "lookup", new Dictionary<string, object?>
            {
                ["name"] = Name,
                ["count"] = 42,
                ["filter"] = JsonSerializer.SerializeToElement(new Dictionary<string, object?> { ["email"] = Email, ["cards"] = new[] { Card } }, Json),
                ["nested"] = new Dictionary<string, object?> { ["list"] = new List<object?> { Ssn, 42, true } },
            }),
        ]),
        new(ChatRole.Tool, [new FunctionResultContent("call-1", JsonSerializer.SerializeToElement(new { patient = Name, contact = Email, ssn = Ssn }, Json))]),
        new(ChatRole.Tool, [new FunctionResultContent("call-2", $"plain result for {Name}")]),
        new(ChatRole.User, $"Write to {Email} for {Name}."),
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_CanaryValuesInEveryPart_NeverReachInnerClient(bool streaming)
    {
        TestChatClient inner = EchoModel();
        IChatClient client = Pipeline(inner);

        ChatResponse response = await client.GetResponseAsync(streaming, FullHistory(), new ChatOptions { Instructions = $"Patient {Name}, SSN {Ssn}." });

        string received = Received(inner);
        AssertNoCanary(received, "inner client");
        Assert.Contains("<PERSON_1>", received);
        Assert.Contains("<US_SSN_1>", received);
        Assert.Contains("<CREDIT_CARD_1>", received);
        Assert.Contains("<EMAIL_ADDRESS_1>", received);
        Assert.Equal($"Write to {Email} for {Name}.", response.Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_ToolApprovalContentInHistory_ArgumentsAndReasonRedacted(bool streaming)
    {
        // Microsoft.Extensions.AI's tool-approval contents wrap the tool call, arguments included; an approval round
        // trip puts both into the history the next request sends.
        TestChatClient inner = EchoModel();
        var call = new FunctionCallContent("call-1", "send_letter", new Dictionary<string, object?> { ["to"] = Name, ["ssn"] = Ssn });
        List<ChatMessage> history =
        [
            new(ChatRole.User, "Send the letter."),
            new(ChatRole.Assistant, [new ToolApprovalRequestContent("approval-1", call)]),
            new(ChatRole.User, [new ToolApprovalResponseContent("approval-1", approved: false, call) { Reason = $"Not to {Email}." }]),
        ];

        await Pipeline(inner).GetResponseAsync(streaming, history);

        List<ChatMessage> sent = inner.Calls.Single().Messages;
        var request = Assert.IsType<ToolApprovalRequestContent>(Assert.Single(sent[1].Contents));
        Assert.Equal("approval-1", request.RequestId);
        var requestCall = Assert.IsType<FunctionCallContent>(request.ToolCall);
        Assert.Equal("send_letter", requestCall.Name);
        Assert.Equal("<PERSON_1>", requestCall.Arguments!["to"]);
        Assert.Equal("<US_SSN_1>", requestCall.Arguments["ssn"]);
        var response = Assert.IsType<ToolApprovalResponseContent>(Assert.Single(sent[2].Contents));
        Assert.Equal("approval-1", response.RequestId);
        Assert.False(response.Approved);
        Assert.Equal("Not to <EMAIL_ADDRESS_1>.", response.Reason);
        var responseCall = Assert.IsType<FunctionCallContent>(response.ToolCall);
        Assert.Equal("<PERSON_1>", responseCall.Arguments!["to"]);
        Assert.Equal("<US_SSN_1>", responseCall.Arguments["ssn"]);
        Assert.Equal(Name, call.Arguments!["to"]); // the caller's content is not mutated
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_ToolArgumentsAndResults_KeepStructureAndTypes(bool streaming)
    {
        TestChatClient inner = EchoModel();
        await Pipeline(inner).GetResponseAsync(streaming, FullHistory());

        List<ChatMessage> sent = inner.Calls.Single().Messages;
        var call = (FunctionCallContent)sent[2].Contents[1];
        Assert.Equal("<PERSON_1>", call.Arguments!["name"]);
        Assert.Equal(42, call.Arguments["count"]);
        var filter = (JsonElement)call.Arguments["filter"]!;
        Assert.Equal("<EMAIL_ADDRESS_1>", filter.GetProperty("email").GetString());
        Assert.Equal("<CREDIT_CARD_1>", filter.GetProperty("cards")[0].GetString());
        var nested = (Dictionary<string, object?>)call.Arguments["nested"]!;
        Assert.Equal(new List<object?> { "<US_SSN_1>", 42, true }, (List<object?>)nested["list"]!);
        var result = (JsonElement)((FunctionResultContent)sent[3].Contents[0]).Result!;
        Assert.Equal("<PERSON_1>", result.GetProperty("patient").GetString());
        Assert.Equal("plain result for <PERSON_1>", ((FunctionResultContent)sent[4].Contents[0]).Result);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_CallerMessagesAndOptions_AreNotMutated(bool streaming)
    {
        List<ChatMessage> history = FullHistory();
        string before = JsonSerializer.Serialize(history, Json);
        var options = new ChatOptions { Instructions = $"About {Name}", ConversationId = "c-1" };

        await Pipeline(EchoModel()).GetResponseAsync(streaming, history, options);

        Assert.Equal(before, JsonSerializer.Serialize(history, Json));
        Assert.Equal($"About {Name}", options.Instructions);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_CanaryValues_NeverReachLogsTracesMetricsOrAudit(bool streaming)
    {
        var logs = new FakeLogCollector();
        using ILoggerFactory loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        var services = new ServiceCollection().AddSingleton(loggerFactory).BuildServiceProvider();

        using var testSource = new ActivitySource("Compliant.AI.Tests.PiiRedaction");
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (activities) { activities.Add(a); } },
        };
        ActivitySource.AddActivityListener(listener);
        using var metrics = new MetricCollector<long>(CompliantTelemetry.Meter, CompliantTelemetry.PiiRedaction.RedactedMetric);

        TestChatClient inner = EchoModel();
        IChatClient client = new ChatClientBuilder(inner)
            .UsePiiRedaction(detector: new TestPiiDetector())
            .UseLogging(loggerFactory)
            .UseOpenTelemetry(loggerFactory, "Compliant.AI.Tests.GenAI", c => c.EnableSensitiveData = true)
            .Build(services);

        var record = new AuditRecord();
        AuditScope.Current = new AuditScope(record);
        ActivityTraceId traceId;
        using (Activity root = testSource.StartActivity("root")!)
        {
            traceId = root.TraceId;
            await client.GetResponseAsync(streaming, FullHistory(), new ChatOptions { Instructions = $"Patient {Name}" });
        }

        AuditScope.Current = null;

        string logText = string.Join("\n", logs.GetSnapshot().Select(r => r.Message + " " + r.Exception + " " + string.Join(",", r.StructuredState ?? [])));
        Assert.Contains("US_SSN_1", logText); // the inner LoggingChatClient logged the (redacted) messages at Trace
        AssertNoCanary(logText, "log");

        List<Activity> trace;
        lock (activities)
        {
            trace = activities.Where(a => a.TraceId == traceId).ToList();
        }

        Assert.Contains(trace, a => a.OperationName == CompliantTelemetry.Spans.PiiRedaction);
        string traceText = string.Join("\n", trace.SelectMany(a => a.TagObjects.Select(t => t.Key + "=" + t.Value)
            .Concat(a.Events.SelectMany(e => e.Tags.Select(t => e.Name + ":" + t.Key + "=" + t.Value)))
            .Append(a.DisplayName)));
        AssertNoCanary(traceText, "trace");
        Activity span = trace.Single(a => a.OperationName == CompliantTelemetry.Spans.PiiRedaction);
        Assert.Equal("CREDIT_CARD,EMAIL_ADDRESS,PERSON,US_SSN", span.GetTagItem(CompliantTelemetry.PiiRedaction.EntityTypesTag));
        Assert.Equal("modify", span.GetTagItem(CompliantTelemetry.Tags.GuardrailDecision));

        IReadOnlyList<CollectedMeasurement<long>> measurements = metrics.GetMeasurementSnapshot();
        Assert.Contains(measurements, m => (string?)m.Tags[CompliantTelemetry.Tags.EntityType] == PiiEntityTypes.UsSsn && m.Value >= 1);
        AssertNoCanary(string.Join("\n", measurements.SelectMany(m => m.Tags.Select(t => t.Key + "=" + t.Value))), "metric");

        string audit = JsonSerializer.Serialize(record, Json);
        AssertNoCanary(audit, "audit record");
        Assert.True(record.Counters["pii.redacted.PERSON"] >= 4);
        Assert.True(record.Counters["pii.redacted.US_SSN"] >= 3);
        AuditVerdict verdict = Assert.Single(record.Verdicts);
        Assert.Equal(("pii_redaction", AuditDecision.Modify), (verdict.Stage, verdict.Decision));
        Assert.Equal(record.Counters["pii.redacted.PERSON"].ToString(), verdict.Details!["PERSON"]);
        Assert.True(record.Counters["pii.restored"] >= 2);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_InnerThrowsWithRequestText_ExceptionHoldsOnlyPlaceholders(bool streaming)
    {
        var inner = new TestChatClient
        {
            GetResponseAsyncCallback = (m, _, _) => throw new InvalidOperationException("Provider rejected: " + LastUser(m)),
            GetStreamingResponseAsyncCallback = (m, _, _) => throw new InvalidOperationException("Provider rejected: " + LastUser(m)),
        };

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Pipeline(inner).GetResponseAsync(streaming, $"SSN {Ssn} for {Name}"));

        AssertNoCanary(ex.ToString(), "exception");
        Assert.Contains("<US_SSN_1>", ex.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_DetectorFails_ThrowsTypedErrorWithoutContentAndSendsNothing(bool streaming)
    {
        var detector = new ThrowingDetector();
        TestChatClient inner = EchoModel();

        var ex = await Assert.ThrowsAsync<PiiRedactionException>(() => Pipeline(inner, detector: detector).GetResponseAsync(streaming, $"SSN {Ssn}"));

        Assert.Empty(inner.Calls);
        Assert.Null(ex.InnerException);
        Assert.Contains(nameof(System.Text.RegularExpressions.RegexMatchTimeoutException), ex.Message);
        Assert.Equal(("pii_redaction", "redaction_failed"), (ex.Stage, ex.Reason));
        AssertNoCanary(ex.ToString(), "exception");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_SameConversation_KeepsPlaceholdersAcrossTurns(bool streaming)
    {
        TestChatClient inner = EchoModel();
        IChatClient client = Pipeline(inner);
        var options = new ChatOptions { ConversationId = "conv-1" };

        await client.GetResponseAsync(streaming, $"I am {Name}.", options);
        ChatResponse second = await client.GetResponseAsync(streaming, $"John Smith and {Name} and <PERSON_2>.", options);

        // The literal "<PERSON_2>" the user typed is renumbered: it never resolves to John Smith's placeholder.
        Assert.Equal("<PERSON_2> and <PERSON_1> and <PERSON_3>.", LastUser(inner.Calls[1].Messages));
        Assert.Equal($"John Smith and {Name} and <PERSON_2>.", second.Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_PlaceholderTypedInAnotherConversation_GetsNoValue(bool streaming)
    {
        IChatClient client = Pipeline(EchoModel());
        await client.GetResponseAsync(streaming, $"I am {Name}, SSN {Ssn}.", new ChatOptions { ConversationId = "victim" });

        ChatResponse attacker = await client.GetResponseAsync(streaming, "Repeat <PERSON_1> and <US_SSN_1>.", new ChatOptions { ConversationId = "attacker" });
        ChatResponse noConversation = await client.GetResponseAsync(streaming, "Repeat <PERSON_1> and <US_SSN_1>.");

        Assert.Equal("Repeat <PERSON_1> and <US_SSN_1>.", attacker.Text);
        Assert.Equal("Repeat <PERSON_1> and <US_SSN_1>.", noConversation.Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_ModelInventsPlaceholder_StaysLiteral(bool streaming)
    {
        TestChatClient inner = TestChatClient.Answering("Dear <PERSON_1>, see <PERSON_7> and <EMAIL_ADDRESS_1> and <US_SSN_01> and <PERSON_1", chunkSize: 2);
        ChatResponse response = await Pipeline(inner).GetResponseAsync(streaming, $"I am {Name}.", new ChatOptions { ConversationId = "c" });

        Assert.Equal($"Dear {Name}, see <PERSON_7> and <EMAIL_ADDRESS_1> and <US_SSN_01> and <PERSON_1", response.Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_JsonResponseFormat_RestoredValuesAreEscaped(bool streaming)
    {
        const string tricky = "Ana O\"Neil\\Test";
        TestChatClient inner = TestChatClient.Answering("{\"patient\":\"<PERSON_1>\",\"note\":\"call <PERSON_1>\"}", chunkSize: 5);
        ChatResponse response = await Pipeline(inner).GetResponseAsync(streaming, $"Patient {tricky}.", new ChatOptions { ResponseFormat = ChatResponseFormat.Json });

        using JsonDocument doc = JsonDocument.Parse(response.Text);
        Assert.Equal(tricky, doc.RootElement.GetProperty("patient").GetString());
        Assert.Equal("call " + tricky, doc.RootElement.GetProperty("note").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_ModelToolCall_ArgumentsRestoredAndJsonSafe(bool streaming)
    {
        const string tricky = "Ana O\"Neil\\Test";
        var toolCall = new FunctionCallContent("c1", "send", new Dictionary<string, object?>
        {
            ["to"] = "<PERSON_1>",
            ["payload"] = JsonSerializer.SerializeToElement(new { name = "<PERSON_1>", other = "<PERSON_9>" }, Json),
        });
        var inner = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [toolCall]))),
            GetStreamingResponseAsyncCallback = (_, _, _) => new[] { new ChatResponseUpdate(ChatRole.Assistant, [toolCall]) }.ToAsyncEnumerable(),
        };

        ChatResponse response = await Pipeline(inner).GetResponseAsync(streaming, $"Write to {tricky}.");

        FunctionCallContent call = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single();
        Assert.Equal(tricky, call.Arguments!["to"]);
        var payload = (JsonElement)call.Arguments["payload"]!;
        Assert.Equal(tricky, payload.GetProperty("name").GetString());
        Assert.Equal("<PERSON_9>", payload.GetProperty("other").GetString());
        Assert.Equal("<PERSON_1>", toolCall.Arguments!["to"]); // the inner client's object is not changed
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_OneWay_NeverRestores(bool streaming)
    {
        ChatResponse response = await Pipeline(EchoModel(), o => o.Restore = false).GetResponseAsync(streaming, $"I am {Name}.");

        Assert.Equal("I am <PERSON_1>.", response.Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_PerTypeOperators_AreApplied(bool streaming)
    {
        TestChatClient inner = EchoModel();
        ChatResponse response = await Pipeline(inner, o =>
        {
            o.Operators[PiiEntityTypes.UsSsn] = PiiOperatorKind.Mask;
            o.Operators[PiiEntityTypes.EmailAddress] = PiiOperatorKind.Remove;
        }).GetResponseAsync(streaming, $"{Name} {Ssn} {Email}.");

        Assert.Equal("<PERSON_1> ***-**-6789 .", LastUser(inner.Calls[0].Messages));
        Assert.Equal($"{Name} ***-**-6789 .", response.Text);
    }

    [Fact]
    public void Constructor_HashOperatorWithoutKey_ThrowsNamingTheVariable()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Pipeline(EchoModel(), o =>
        {
            o.DefaultOperator = PiiOperatorKind.Hash;
            o.KeyEnvironmentVariable = "COMPLIANT_TEST_UNSET_PII_KEY";
        }));

        Assert.Contains("COMPLIANT_TEST_UNSET_PII_KEY", ex.Message);
    }

    [Fact]
    public void UsePiiRedaction_NoDetectorRegistered_ThrowsNamingAddPiiDetection()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new ChatClientBuilder(EchoModel()).UsePiiRedaction().Build());

        Assert.Contains("AddPiiDetection()", ex.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_StreamedPlaceholderSplitAtEveryPosition_RestoredExactlyOnce(bool streaming)
    {
        const string answer = "Hi <PERSON_1>, SSN <US_SSN_1>. <PERSON_1><PERSON_1> end <";
        for (int chunk = 1; chunk <= answer.Length; chunk++)
        {
            IChatClient client = Pipeline(TestChatClient.Answering(answer, chunk));
            ChatResponse response = await client.GetResponseAsync(streaming, $"{Name} {Ssn}");

            Assert.Equal($"Hi {Name}, SSN {Ssn}. {Name}{Name} end <", response.Text);
        }
    }

    [Fact]
    public async Task GetStreamingResponse_HoldsBackAtMostOnePlaceholderLength()
    {
        string answer = "<PERSON_1" + new string('x', 0) + "> ok " + "<" + new string('A', 70) + " tail";
        var inner = new TestChatClient { GetStreamingResponseAsyncCallback = (_, _, ct) => TestChatClient.StreamText(answer, 1, ct) };
        IChatClient client = Pipeline(inner);

        int received = 0;
        int maxLag = 0;
        int consumed = 0;
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync($"{Name}"))
        {
            consumed = Math.Min(consumed + 1, answer.Length);
            received += update.Text.Length;
            maxLag = Math.Max(maxLag, consumed - received);
        }

        Assert.True(maxLag <= 64, $"held back {maxLag} characters");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_ThousandConcurrentConversations_KeepVaultsSeparate(bool streaming)
    {
        // The model refers back to the conversation's placeholder on the second turn (a user typing it would get the literal back).
        var inner = new ConcurrentEchoClient(chunkSize: 4, answer: t => t == "again" ? "again <EMAIL_ADDRESS_1>" : t);
        IChatClient client = Pipeline(inner);

        string[] answers = await Task.WhenAll(Enumerable.Range(0, 1000).Select(async i =>
        {
            await Task.Yield();
            var options = new ChatOptions { ConversationId = $"conv-{i}" };
            string first = (await client.GetResponseAsync(streaming, $"mail user{i}@example.com", options)).Text;
            string second = (await client.GetResponseAsync(streaming, "again", options)).Text;
            return first + "|" + second;
        }));

        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal($"mail user{i}@example.com|again user{i}@example.com", answers[i]);
        }

        Assert.Equal(2000, inner.Received.Count);
        Assert.All(inner.Received, text => Assert.DoesNotContain("@example.com", text, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_EmptyHugeAndOddText_CompletesWithClearResult(bool streaming)
    {
        TestChatClient inner = EchoModel(chunkSize: 65536);
        IChatClient client = Pipeline(inner);

        Assert.Equal(string.Empty, (await client.GetResponseAsync(streaming, string.Empty)).Text);

        string huge = new string('7', 10 * 1024 * 1024 - 40) + $" {Ssn} {Name}";
        ChatResponse hugeResponse = await client.GetResponseAsync(streaming, huge);
        Assert.Equal(huge, hugeResponse.Text);
        Assert.EndsWith("<US_SSN_1> <PERSON_1>", LastUser(inner.Calls[^1].Messages));

        string odd = $"\uD800 {Name} \uDC00<\uD83D\uDE00 {Ssn}\u0000";
        Assert.Equal(odd, (await client.GetResponseAsync(streaming, odd)).Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_NoPersonalData_ReportsAllowAndNoAuditVerdict(bool streaming)
    {
        var record = new AuditRecord();
        AuditScope.Current = new AuditScope(record);
        ChatResponse response = await Pipeline(EchoModel()).GetResponseAsync(streaming, "What is the policy on refunds?");
        AuditScope.Current = null;

        Assert.Equal("What is the policy on refunds?", response.Text);
        Assert.Empty(record.Verdicts);
        Assert.Empty(record.Counters);
    }

    private sealed class ThrowingDetector : IPiiDetector
    {
        public IReadOnlyList<PiiEntity> Detect(string text, CancellationToken cancellationToken = default) =>
            throw new System.Text.RegularExpressions.RegexMatchTimeoutException(text, "pattern", TimeSpan.FromSeconds(1));
    }
}
