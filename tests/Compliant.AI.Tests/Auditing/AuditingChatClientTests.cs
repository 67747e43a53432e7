using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Compliant.AI.Tests.Auditing;

public class AuditingChatClientTests
{
    private const string CanaryName = "Zebulon Quillfeather";
    private const string CanarySsn = "078-05-1120";

    private readonly TestAuditSink _sink = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    private AuditingChatClient CreateClient(IChatClient inner, AuditingOptions? options = null, ILogger<AuditingChatClient>? logger = null, ICallerContextAccessor? accessor = null) =>
        new(inner, _sink, TestKeys.Audit, options, accessor, _time, logger);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_Success_WritesExactlyOneCompleteRecord(bool streaming)
    {
        using var inner = TestChatClient.Answering("Retention is six years.", chunkSize: 5);
        using var client = CreateClient(inner);
        var caller = new CallerContext("alice", groups: ["clinical"], roles: ["nurse"], tenantId: "north", purposeOfUse: "TREATMENT");
        ChatOptions options = new ChatOptions { ConversationId = "conv-1", ModelId = "gpt-x" }.WithCaller(caller);

        ChatResponse response = await client.GetResponseAsync(streaming, "How long are audit logs kept?", options);

        Assert.Equal("Retention is six years.", response.Text);
        AuditRecord record = _sink.Only();
        Assert.Equal(record.RecordId, response.GetAuditRecordId());
        Assert.Equal(AuditRecord.CurrentSchemaVersion, record.SchemaVersion);
        Assert.True(Guid.TryParse(record.RecordId, out Guid id) && id.Version == 7);
        Assert.Equal(_time.GetUtcNow(), record.Timestamp);
        Assert.Equal(streaming ? AuditOperations.StreamingChat : AuditOperations.Chat, record.Operation);
        Assert.Equal(AuditOutcome.Succeeded, record.Outcome);
        Assert.Null(record.ErrorType);
        Assert.Equal("conv-1", record.ConversationId);
        Assert.Equal("alice", record.Caller.UserId);
        Assert.Equal("north", record.Caller.TenantId);
        Assert.Equal(["clinical"], record.Caller.Groups);
        Assert.Equal(["nurse"], record.Caller.Roles);
        Assert.Equal("TREATMENT", record.Caller.PurposeOfUse);
        Assert.Equal("test-provider", record.Provider);
        Assert.Equal("gpt-x", record.Model);
        AuditMessageSummary request = Assert.Single(record.Request);
        Assert.Equal("user", request.Role);
        Assert.Equal("How long are audit logs kept?".Length, request.Length);
        Assert.Equal(TestKeys.Audit.DigestText("How long are audit logs kept?"), request.Digest);
        Assert.Null(request.Text);
        AuditMessageSummary answer = Assert.Single(record.Response);
        Assert.Equal("assistant", answer.Role);
        Assert.Equal(TestKeys.Audit.DigestText("Retention is six years."), answer.Digest);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_InnerThrows_RecordsFailureWithTypeOnly(bool streaming)
    {
        using var inner = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => throw new InvalidDataException("secret " + CanarySsn),
            GetStreamingResponseAsyncCallback = (_, _, ct) => ThrowAfter(1, new InvalidDataException("secret " + CanarySsn), ct),
        };
        using var client = CreateClient(inner);

        await Assert.ThrowsAsync<InvalidDataException>(() => client.GetResponseAsync(streaming, "hello"));

        AuditRecord record = _sink.Only();
        Assert.Equal(AuditOutcome.Failed, record.Outcome);
        Assert.Equal(typeof(InvalidDataException).FullName, record.ErrorType);
        Assert.DoesNotContain(CanarySsn, _sink.AllJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponse_InnerThrowsBeforeEnumerating_RecordsFailure()
    {
        using var inner = new TestChatClient { GetStreamingResponseAsyncCallback = (_, _, _) => throw new HttpRequestException("down") };
        using var client = CreateClient(inner);

        await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            await foreach (ChatResponseUpdate _ in client.GetStreamingResponseAsync("hi"))
            {
            }
        });

        Assert.Equal(AuditOutcome.Failed, _sink.Only().Outcome);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_CallerCancels_RecordsCancelled(bool streaming)
    {
        using var cts = new CancellationTokenSource();
        using var inner = new TestChatClient
        {
            GetResponseAsyncCallback = async (_, _, ct) =>
            {
                await cts.CancelAsync();
                ct.ThrowIfCancellationRequested();
                return new ChatResponse();
            },
            GetStreamingResponseAsyncCallback = (_, _, ct) => CancelThenYield(cts, ct),
        };
        using var client = CreateClient(inner);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync(streaming, "hi", cancellationToken: cts.Token));

        AuditRecord record = _sink.Only();
        Assert.Equal(AuditOutcome.Cancelled, record.Outcome);
    }

    [Fact]
    public async Task GetStreamingResponse_ConsumerStopsEarly_WritesOneCancelledRecord()
    {
        using var inner = TestChatClient.Answering("one two three four five six", chunkSize: 3);
        using var client = CreateClient(inner);

        await foreach (ChatResponseUpdate _ in client.GetStreamingResponseAsync("hi"))
        {
            break;
        }

        AuditRecord record = _sink.Only();
        Assert.Equal(AuditOutcome.Cancelled, record.Outcome);
        Assert.Null(record.ErrorType);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_InnerStageDenies_RecordsBlockedWithVerdictAndCounters(bool streaming)
    {
        using var inner = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) =>
            {
                AuditScope.Current!.AddVerdict(new AuditVerdict("grounding", AuditDecision.Deny, "no_evidence"));
                AuditScope.Current!.Increment("retrieval.denied", 2);
                return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "cannot answer")));
            },
            GetStreamingResponseAsyncCallback = (_, _, ct) => DenyWhileStreaming(ct),
        };
        using var client = CreateClient(inner);

        await client.GetResponseAsync(streaming, "hi");

        AuditRecord record = _sink.Only();
        Assert.Equal(AuditOutcome.Blocked, record.Outcome);
        AuditVerdict verdict = Assert.Single(record.Verdicts);
        Assert.Equal(("grounding", AuditDecision.Deny, "no_evidence"), (verdict.Stage, verdict.Decision, verdict.Reason));
        Assert.Equal(2, record.Counters["retrieval.denied"]);
    }

    [Theory]
    [InlineData(false, "structured_output:Deny:invalid_json,structured_output:Allow:valid", AuditOutcome.Succeeded)]
    [InlineData(true, "structured_output:Deny:invalid_json,structured_output:Allow:valid", AuditOutcome.Succeeded)]
    [InlineData(false, "tool_policy:Deny:role,tool_policy:Allow:allowed", AuditOutcome.Succeeded)]
    [InlineData(true, "pii_redaction:Modify:redacted,grounding:Deny:unsupported_claim", AuditOutcome.Blocked)]
    [InlineData(false, "grounding:Deny:no_evidence,pii_redaction:Allow:clean", AuditOutcome.Blocked)]
    [InlineData(true, "structured_output:Allow:valid,structured_output:Deny:invalid_json", AuditOutcome.Blocked)]
    // Tool-policy verdicts are per call (a denied call is answered with its denial and the conversation goes on): in any
    // order they never turn a completed interaction into Blocked. Before the fix, an allowed call then a denied one read Blocked.
    [InlineData(false, "tool_policy:Allow:allowed,tool_policy:Deny:role", AuditOutcome.Succeeded)]
    [InlineData(true, "tool_policy:Allow:allowed,tool_policy:Deny:denied_by_approver", AuditOutcome.Succeeded)]
    [InlineData(true, "tool_policy:Deny:expired,grounding:Deny:no_evidence", AuditOutcome.Blocked)]
    public async Task GetResponse_EachStagesLastVerdictDecidesWhetherTheAnswerWasBlocked(bool streaming, string verdicts, AuditOutcome expected)
    {
        AuditVerdict[] list = [.. verdicts.Split(',').Select(v => v.Split(':')).Select(p => new AuditVerdict(p[0], Enum.Parse<AuditDecision>(p[1]), p[2]))];
        using var inner = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) =>
            {
                foreach (AuditVerdict v in list)
                {
                    AuditScope.Current!.AddVerdict(v);
                }

                return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "answer")));
            },
            GetStreamingResponseAsyncCallback = (_, _, ct) => VerdictsWhileStreaming(list, ct),
        };
        using var client = CreateClient(inner);

        await client.GetResponseAsync(streaming, "hi");

        AuditRecord record = _sink.Only();
        Assert.Equal(expected, record.Outcome);
        Assert.Equal(list.Length, record.Verdicts.Count);
    }

    [Fact]
    public async Task GetResponse_ProviderTimeoutWithResilienceDeny_IsFailedNotBlocked()
    {
        using var inner = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) =>
            {
                AuditScope.Current!.AddVerdict(new AuditVerdict("resilience", AuditDecision.Deny, "timeout"));
                throw new TimeoutException("provider too slow");
            },
        };
        using var client = CreateClient(inner);

        await Assert.ThrowsAsync<TimeoutException>(() => client.GetResponseAsync("hi"));

        AuditRecord record = _sink.Only();
        Assert.Equal(AuditOutcome.Failed, record.Outcome);
        Assert.Equal(typeof(TimeoutException).FullName, record.ErrorType);
    }

    [Fact]
    public async Task GetResponse_TypedRefusal_IsBlocked()
    {
        using var inner = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) =>
            {
                AuditScope.Current!.AddVerdict(new AuditVerdict("budget", AuditDecision.Deny, "budget_exceeded"));
                throw new GroundingRefusedException(GroundingReasons.NoEvidence);
            },
        };
        using var client = CreateClient(inner);

        await Assert.ThrowsAsync<GroundingRefusedException>(() => client.GetResponseAsync("hi"));

        Assert.Equal(AuditOutcome.Blocked, _sink.Only().Outcome);
    }

    [Fact]
    public async Task GetStreamingResponse_ScopeIsCurrentOnEveryInnerStep()
    {
        var seen = new List<AuditScope?>();
        using var inner = new TestChatClient { GetStreamingResponseAsyncCallback = (_, _, ct) => ObserveScope(seen, ct) };
        using var client = CreateClient(inner);

        await client.GetResponseAsync(streaming: true, "hi");

        Assert.Equal(3, seen.Count);
        Assert.All(seen, s => Assert.NotNull(s));
        Assert.Single(seen.Distinct());
        Assert.Equal(3, _sink.Only().Counters["steps"]);
        Assert.Null(AuditScope.Current);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_FailClosedAndSinkThrows_ThrowsAuditWriteExceptionWithoutContent(bool streaming)
    {
        _sink.FailWith = new IOException("disk full");
        using var inner = TestChatClient.Answering("the answer " + CanaryName);
        using var client = CreateClient(inner);

        AuditWriteException ex = await Assert.ThrowsAsync<AuditWriteException>(() => client.GetResponseAsync(streaming, "who is " + CanaryName));

        Assert.IsType<IOException>(ex.InnerException);
        Assert.DoesNotContain(CanaryName, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponse_HoldUntilDurableAndSinkThrows_YieldsNothing()
    {
        _sink.FailWith = new IOException("disk full");
        using var inner = TestChatClient.Answering("the answer");
        using var client = CreateClient(inner, new AuditingOptions { HoldStreamingUntilDurable = true });
        var received = new List<ChatResponseUpdate>();

        await Assert.ThrowsAsync<AuditWriteException>(async () =>
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("hi"))
            {
                received.Add(update);
            }
        });

        Assert.Empty(received);
    }

    [Fact]
    public async Task GetStreamingResponse_HoldUntilDurable_YieldsAllAfterRecordWritten()
    {
        using var inner = TestChatClient.Answering("held back answer", chunkSize: 2);
        using var client = CreateClient(inner, new AuditingOptions { HoldStreamingUntilDurable = true });
        var received = new List<ChatResponseUpdate>();

        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("hi"))
        {
            Assert.Single(_sink.Records); // the record is durable before the first chunk is shown
            received.Add(update);
        }

        Assert.Equal("held back answer", received.ToChatResponse().Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_FailOpenAndSinkThrows_ReturnsAnswerLogsAndCounts(bool streaming)
    {
        _sink.FailWith = new IOException("disk full");
        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(logs)).SetMinimumLevel(LogLevel.Trace));
        using var dropped = new MetricCollector<long>(null, "Compliant.AI", "compliant_ai.audit.dropped_records");
        using var inner = TestChatClient.Answering("the answer");
        using var client = CreateClient(inner, new AuditingOptions { FailurePolicy = AuditFailurePolicy.FailOpen }, loggerFactory.CreateLogger<AuditingChatClient>());

        ChatResponse response = await client.GetResponseAsync(streaming, "hi");

        Assert.Equal("the answer", response.Text);
        Assert.Contains(logs.GetSnapshot(), r => r.Id.Id == 1092 && r.Level == LogLevel.Critical);
        Assert.Equal(1, dropped.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_CanaryValues_AppearInNoRecordLogOrTrace(bool streaming)
    {
        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(logs)).SetMinimumLevel(LogLevel.Trace));
        var tags = new List<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                // The listener sees the activities of tests running in parallel, on their threads.
                lock (tags)
                {
                    tags.AddRange(a.TagObjects.Select(t => $"{a.DisplayName} {t.Key}={t.Value}"));
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var inner = TestChatClient.Answering($"Patient {CanaryName}, SSN {CanarySsn}.");
        using var client = CreateClient(inner, logger: loggerFactory.CreateLogger<AuditingChatClient>());

        await client.GetResponseAsync(streaming, [new(ChatRole.System, "sys " + CanarySsn), new(ChatRole.User, $"Summarize {CanaryName} {CanarySsn}")]);

        string traced;
        lock (tags)
        {
            traced = string.Join("\n", tags);
        }

        string everything = string.Join("\n", _sink.AllJson, string.Join("\n", logs.GetSnapshot().Select(l => l.Message)), traced);
        Assert.Contains("compliant_ai.audit", everything, StringComparison.Ordinal); // the trace was captured
        Assert.DoesNotContain(CanaryName, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(CanarySsn, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("1120", everything, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_FullContentCapture_StoresRawText(bool streaming)
    {
        using var inner = TestChatClient.Answering("raw answer");
        using var client = CreateClient(inner, new AuditingOptions { ContentCapture = AuditContentCapture.Full });

        await client.GetResponseAsync(streaming, "raw question");

        AuditRecord record = _sink.Only();
        Assert.Equal("raw question", record.Request[0].Text);
        Assert.Equal("raw answer", record.Response[0].Text);
    }

    [Fact]
    public async Task Digest_StreamedSurrogatePairSplitAcrossChunks_EqualsNonStreamingDigest()
    {
        const string text = "emoji 😀 split"; // chunk size 7 splits the surrogate pair
        using var inner = TestChatClient.Answering(text, chunkSize: 7);
        using var client = CreateClient(inner);

        await client.GetResponseAsync(streaming: false, "q");
        await client.GetResponseAsync(streaming: true, "q");

        AuditRecord[] records = _sink.Records.ToArray();
        Assert.Equal(TestKeys.Audit.DigestText(text), records[0].Response[0].Digest);
        Assert.Equal(records[0].Response[0].Digest, records[1].Response[0].Digest);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_AmbientCaller_IsRecordedWhenNoPerCallCaller(bool streaming)
    {
        var accessor = new CallerContextAccessor { Current = new CallerContext("ambient-user", tenantId: "t1") };
        using var inner = TestChatClient.Answering("ok");
        using var client = CreateClient(inner, accessor: accessor);

        await client.GetResponseAsync(streaming, "hi");

        Assert.Equal("ambient-user", _sink.Only().Caller.UserId);
        accessor.Current = null;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_UsageReported_RecordsTokensAndLatency(bool streaming)
    {
        using var inner = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) =>
            {
                _time.Advance(TimeSpan.FromMilliseconds(250));
                return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")) { Usage = new() { InputTokenCount = 12, OutputTokenCount = 3 } });
            },
            GetStreamingResponseAsyncCallback = (_, _, ct) => StreamWithUsage(ct),
        };
        using var client = CreateClient(inner);

        await client.GetResponseAsync(streaming, "hi");

        AuditRecord record = _sink.Only();
        Assert.Equal(12, record.InputTokens);
        Assert.Equal(3, record.OutputTokens);
        Assert.Equal(250, record.LatencyMs, precision: 3);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_SinkHangs_FailsClosedAfterWriteTimeout(bool streaming)
    {
        var never = new TaskCompletionSource();
        var sink = new HangingSink(never.Task);
        using var inner = TestChatClient.Answering("answer");
        using var client = new AuditingChatClient(inner, sink, TestKeys.Audit, new AuditingOptions { WriteTimeout = TimeSpan.FromSeconds(5) }, timeProvider: _time);

        Task<ChatResponse> call = client.GetResponseAsync(streaming, "hi");
        await sink.Started.Task;
        Assert.False(call.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(5));

        AuditWriteException ex = await Assert.ThrowsAsync<AuditWriteException>(() => call);
        Assert.IsType<TimeoutException>(ex.InnerException);
    }

    private sealed class HangingSink(Task never) : IAuditSink
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken = default)
        {
            Started.TrySetResult();
            await never;
        }
    }

    private async IAsyncEnumerable<ChatResponseUpdate> StreamWithUsage([EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Yield();
        _time.Advance(TimeSpan.FromMilliseconds(250));
        yield return new ChatResponseUpdate(ChatRole.Assistant, "ok");
        yield return new ChatResponseUpdate { Contents = [new UsageContent(new() { InputTokenCount = 12, OutputTokenCount = 3 })] };
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_ProviderIgnoresToken_CallerCancelEndsWaitAndRecordsCancelled(bool streaming)
    {
        var provider = new UncooperativeProvider();
        using var ended = new MetricCollector<long>(Compliant.AI.Internal.CompliantTelemetry.Meter, Compliant.AI.Internal.CompliantTelemetry.Abandonment.EndedName);
        using var client = CreateClient(provider.Client);
        using var cts = new CancellationTokenSource();

        Task<ChatResponse> call = client.GetResponseAsync(streaming, "hi", cancellationToken: cts.Token);
        await Resilience.FaultScript.WaitUntilAsync(() => provider.Calls == 1);
        await cts.CancelAsync();
        await Resilience.FaultScript.WaitUntilAsync(() => call.IsCompleted); // before the fix: never

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        AuditRecord record = _sink.Only();
        Assert.Equal(AuditOutcome.Cancelled, record.Outcome);
        Assert.Equal(1, record.Counters["audit.inner_call_abandoned"]);
        provider.GiveUp();
        await UncooperativeProvider.WaitUntilObservedAsync(ended, "audit");
        Assert.Single(_sink.Records);
    }

    [Fact]
    public async Task GetStreamingResponse_ProviderIgnoresTokenMidStream_CallerCancelEndsWaitAndRecordsCancelled()
    {
        var provider = new UncooperativeProvider(chunkFirst: true);
        using var client = CreateClient(provider.Client);
        using var cts = new CancellationTokenSource();

        IAsyncEnumerator<ChatResponseUpdate> stream = client.GetStreamingResponseAsync("hi", cancellationToken: cts.Token).GetAsyncEnumerator();
        Assert.True(await stream.MoveNextAsync());
        Task<bool> next = stream.MoveNextAsync().AsTask();
        await Resilience.FaultScript.SettleAsync();
        await cts.CancelAsync();
        await Resilience.FaultScript.WaitUntilAsync(() => next.IsCompleted);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
        await stream.DisposeAsync();
        AuditRecord record = _sink.Only();
        Assert.Equal(AuditOutcome.Cancelled, record.Outcome);
        Assert.Equal(1, record.Counters["audit.inner_call_abandoned"]);
        provider.GiveUp();
        await Resilience.FaultScript.WaitUntilAsync(() => provider.StreamsDisposed == 1);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetStreamingResponse_EveryUpdate_CarriesRecordId(bool holdUntilDurable)
    {
        using var inner = TestChatClient.Answering("Retention is six years.", chunkSize: 5);
        using var client = CreateClient(inner, new AuditingOptions { HoldStreamingUntilDurable = holdUntilDurable });

        List<ChatResponseUpdate> updates = [];
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("hi"))
        {
            updates.Add(update);
        }

        string id = _sink.Only().RecordId;
        Assert.True(updates.Count > 1);
        Assert.All(updates, u => Assert.Equal(id, u.GetAuditRecordId()));
        Assert.Equal(id, updates.ToChatResponse().GetAuditRecordId());
    }

    [Fact]
    public void GetAuditRecordId_UpdateNotFromAuditingStage_ReturnsNull()
    {
        Assert.Null(new ChatResponseUpdate(ChatRole.Assistant, "x").GetAuditRecordId());
        Assert.Null(new ChatResponseUpdate { AdditionalProperties = new() { [AuditingChatClient.RecordIdPropertyName] = 42 } }.GetAuditRecordId());
        Assert.Throws<ArgumentNullException>(() => ((ChatResponseUpdate)null!).GetAuditRecordId());
    }

    [Fact]
    public async Task GetStreamingResponse_ConsumerDropsEnumerator_RecordWrittenAfterAbandonedStreamTimeout()
    {
        int disposed = 0;
        using var inner = new TestChatClient { GetStreamingResponseAsyncCallback = (_, _, _) => Chunks(() => disposed++) };
        using var client = CreateClient(inner, new AuditingOptions { AbandonedStreamTimeout = TimeSpan.FromMinutes(5) });

        string? id = await TakeFirstAndDropAsync(client);
        Assert.Empty(_sink.Records);
        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        Assert.Empty(_sink.Records);
        _time.Advance(TimeSpan.FromTicks(1));
        await Resilience.FaultScript.WaitUntilAsync(() => !_sink.Records.IsEmpty);

        AuditRecord record = _sink.Only();
        Assert.Equal(id, record.RecordId);
        Assert.Equal(AuditOutcome.Cancelled, record.Outcome);
        Assert.Equal(1, record.Counters["audit.stream_abandoned"]);
        Assert.Equal(1, disposed); // the provider's stream was closed
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Single(_sink.Records);

        static async Task<string?> TakeFirstAndDropAsync(IChatClient client)
        {
            IAsyncEnumerator<ChatResponseUpdate> stream = client.GetStreamingResponseAsync("hi").GetAsyncEnumerator();
            Assert.True(await stream.MoveNextAsync());
            return stream.Current.GetAuditRecordId(); // and never MoveNextAsync or DisposeAsync again
        }
    }

    [Fact]
    public async Task GetStreamingResponse_ConsumerReturnsAfterExpiry_ThrowsTimeoutWithoutSecondRecord()
    {
        using var inner = new TestChatClient { GetStreamingResponseAsyncCallback = (_, _, _) => Chunks(() => { }) };
        using var client = CreateClient(inner, new AuditingOptions { AbandonedStreamTimeout = TimeSpan.FromSeconds(30) });

        IAsyncEnumerator<ChatResponseUpdate> stream = client.GetStreamingResponseAsync("hi").GetAsyncEnumerator();
        Assert.True(await stream.MoveNextAsync());
        _time.Advance(TimeSpan.FromSeconds(30));
        await Resilience.FaultScript.WaitUntilAsync(() => !_sink.Records.IsEmpty);

        await Assert.ThrowsAsync<TimeoutException>(() => stream.MoveNextAsync().AsTask());
        await stream.DisposeAsync();
        Assert.Equal(AuditOutcome.Cancelled, _sink.Only().Outcome);
    }

    [Fact]
    public async Task GetStreamingResponse_SlowConsumerAndSlowModelWithinTimeout_AreNotExpired()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var inner = new TestChatClient { GetStreamingResponseAsyncCallback = (_, _, _) => Gated(gate.Task) };
        using var client = CreateClient(inner, new AuditingOptions { AbandonedStreamTimeout = TimeSpan.FromMinutes(5) });

        IAsyncEnumerator<ChatResponseUpdate> stream = client.GetStreamingResponseAsync("hi").GetAsyncEnumerator();
        Assert.True(await stream.MoveNextAsync());
        _time.Advance(TimeSpan.FromMinutes(4)); // the consumer is slow, but within the timeout
        Task<bool> next = stream.MoveNextAsync().AsTask();
        _time.Advance(TimeSpan.FromMinutes(20)); // the model is slow: the consumer is waiting, not gone
        gate.SetResult();
        Assert.True(await next);
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.False(await stream.MoveNextAsync());
        await stream.DisposeAsync();

        AuditRecord record = _sink.Only();
        Assert.Equal(AuditOutcome.Succeeded, record.Outcome);
        Assert.False(record.Counters.ContainsKey("audit.stream_abandoned"));

        static async IAsyncEnumerable<ChatResponseUpdate> Gated(Task gate)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, "a");
            await gate;
            yield return new ChatResponseUpdate(ChatRole.Assistant, "b");
        }
    }

    [Fact]
    public async Task GetStreamingResponse_AbandonedStreamTimeoutInfinite_WritesNothingUntilConsumerReturns()
    {
        using var inner = new TestChatClient { GetStreamingResponseAsyncCallback = (_, _, _) => Chunks(() => { }) };
        using var client = CreateClient(inner, new AuditingOptions { AbandonedStreamTimeout = Timeout.InfiniteTimeSpan });

        IAsyncEnumerator<ChatResponseUpdate> stream = client.GetStreamingResponseAsync("hi").GetAsyncEnumerator();
        Assert.True(await stream.MoveNextAsync());
        _time.Advance(TimeSpan.FromDays(2));
        Assert.Empty(_sink.Records);
        await stream.DisposeAsync();
        Assert.Equal(AuditOutcome.Cancelled, _sink.Only().Outcome);
    }

#pragma warning disable CS1998 // an iterator without awaits, like a provider answering from a buffer
    private static async IAsyncEnumerable<ChatResponseUpdate> Chunks(Action onDispose)
    {
        try
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, "Retention ");
            yield return new ChatResponseUpdate(ChatRole.Assistant, "is six years.");
        }
        finally
        {
            onDispose();
        }
    }
#pragma warning restore CS1998

    private static async IAsyncEnumerable<ChatResponseUpdate> ThrowAfter(int count, Exception ex, [EnumeratorCancellation] CancellationToken ct)
    {
        for (int i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, "x");
        }

        throw ex;
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> CancelThenYield(CancellationTokenSource cts, [EnumeratorCancellation] CancellationToken ct)
    {
        yield return new ChatResponseUpdate(ChatRole.Assistant, "partial");
        await cts.CancelAsync();
        ct.ThrowIfCancellationRequested();
        yield return new ChatResponseUpdate(ChatRole.Assistant, "never");
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> DenyWhileStreaming([EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Yield();
        AuditScope.Current!.AddVerdict(new AuditVerdict("grounding", AuditDecision.Deny, "no_evidence"));
        yield return new ChatResponseUpdate(ChatRole.Assistant, "cannot ");
        await Task.Yield();
        AuditScope.Current!.Increment("retrieval.denied", 2);
        yield return new ChatResponseUpdate(ChatRole.Assistant, "answer");
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> VerdictsWhileStreaming(AuditVerdict[] verdicts, [EnumeratorCancellation] CancellationToken ct)
    {
        foreach (AuditVerdict v in verdicts)
        {
            await Task.Yield();
            AuditScope.Current!.AddVerdict(v);
            yield return new ChatResponseUpdate(ChatRole.Assistant, "part ");
        }
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> ObserveScope(List<AuditScope?> seen, [EnumeratorCancellation] CancellationToken ct)
    {
        for (int i = 0; i < 3; i++)
        {
            await Task.Yield();
            seen.Add(AuditScope.Current);
            AuditScope.Current?.Increment("steps");
            yield return new ChatResponseUpdate(ChatRole.Assistant, "x");
        }
    }
}
