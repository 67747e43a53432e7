using System.Net;
using System.Net.Sockets;
using Compliant.AI.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Compliant.AI.Tests.Resilience;

public sealed class ResilienceChatClientTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

    private static ResilienceOptions Options(Action<ResilienceOptions>? configure = null)
    {
        var options = new ResilienceOptions { UseJitter = false, BaseDelay = TimeSpan.FromSeconds(1), CircuitBreakerEnabled = false, AttemptTimeout = TimeSpan.FromHours(1), TotalTimeout = TimeSpan.FromDays(1) };
        configure?.Invoke(options);
        return options;
    }

    private static AuditScope NewScope() => AuditScope.Current = new AuditScope(new AuditRecord());

    private static long Counter(AuditScope scope, string name) => scope.Record.Counters.TryGetValue(name, out long v) ? v : 0;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_TransientErrorsThenSuccess_RetriesAndRecords(bool streaming)
    {
        TestChatClient inner = FaultScript.Client(
            new HttpRequestException("unavailable", null, HttpStatusCode.ServiceUnavailable),
            new HttpRequestException("connection refused", new SocketException((int)SocketError.ConnectionRefused)),
            new TaskCanceledException("HttpClient.Timeout", new TimeoutException()));
        using var client = new ResilienceChatClient(inner, Options(), _time);
        AuditScope scope = NewScope();

        ChatResponse response = await _time.AdvanceUntilDoneAsync(client.GetResponseAsync(streaming, "hi"), TimeSpan.FromSeconds(1));

        Assert.Equal("ok", response.Text);
        Assert.Equal(4, inner.Calls.Count);
        Assert.Equal(3, Counter(scope, "resilience.retries"));
        Assert.DoesNotContain(scope.Record.Verdicts, v => v.Decision == AuditDecision.Deny);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_429WithRetryAfter_WaitsExactlyRetryAfter(bool streaming)
    {
        TestChatClient inner = FaultScript.Client(new ChatProviderException(429, TimeSpan.FromSeconds(7)));
        using var client = new ResilienceChatClient(inner, Options(o => o.BaseDelay = TimeSpan.FromMilliseconds(100)), _time);

        Task<ChatResponse> call = client.GetResponseAsync(streaming, "hi");
        await FaultScript.WaitUntilAsync(() => inner.Calls.Count == 1);
        await FaultScript.SettleAsync();

        _time.Advance(TimeSpan.FromSeconds(6.9));
        await FaultScript.SettleAsync();
        Assert.Single(inner.Calls); // the computed backoff (100 ms) was replaced by Retry-After

        _time.Advance(TimeSpan.FromSeconds(0.1));
        await FaultScript.WaitUntilAsync(() => call.IsCompleted);
        Assert.Equal("ok", (await call).Text);
        Assert.Equal(2, inner.Calls.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_RetryAfterInExceptionData_IsHonoured(bool streaming)
    {
        var error = new HttpRequestException("too many requests", null, HttpStatusCode.TooManyRequests);
        error.Data[TransientChatErrors.RetryAfterDataKey] = "5";
        TestChatClient inner = FaultScript.Client(error);
        using var client = new ResilienceChatClient(inner, Options(o => o.BaseDelay = TimeSpan.Zero), _time);

        Task<ChatResponse> call = client.GetResponseAsync(streaming, "hi");
        await FaultScript.WaitUntilAsync(() => inner.Calls.Count == 1);
        await FaultScript.SettleAsync();
        _time.Advance(TimeSpan.FromSeconds(4.5));
        await FaultScript.SettleAsync();
        Assert.Single(inner.Calls);

        _time.Advance(TimeSpan.FromSeconds(0.5));
        await FaultScript.WaitUntilAsync(() => call.IsCompleted);
        Assert.Equal(2, inner.Calls.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_RetryAfterLongerThanMax_FailsWithoutRetry(bool streaming)
    {
        TestChatClient inner = FaultScript.Client(new ChatProviderException(429, TimeSpan.FromMinutes(10)));
        using var client = new ResilienceChatClient(inner, Options(), _time);

        await Assert.ThrowsAsync<ChatProviderException>(() => client.GetResponseAsync(streaming, "hi"));
        Assert.Single(inner.Calls);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_AttemptHangs_TimesOutAndRetries(bool streaming)
    {
        TestChatClient inner = FaultScript.Client(FaultScript.Hang);
        using var client = new ResilienceChatClient(inner, Options(o => { o.AttemptTimeout = TimeSpan.FromSeconds(10); o.BaseDelay = TimeSpan.Zero; }), _time);
        AuditScope scope = NewScope();

        Task<ChatResponse> call = client.GetResponseAsync(streaming, "hi");
        await FaultScript.WaitUntilAsync(() => inner.Calls.Count == 1);
        _time.Advance(TimeSpan.FromSeconds(10));
        await FaultScript.WaitUntilAsync(() => call.IsCompleted);

        Assert.Equal("ok", (await call).Text);
        Assert.Equal(2, inner.Calls.Count);
        Assert.Equal(1, Counter(scope, "resilience.timeouts.attempt"));
        Assert.Equal(1, Counter(scope, "resilience.retries"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_AlwaysHangs_TotalTimeoutThrowsTypedError(bool streaming)
    {
        TestChatClient inner = FaultScript.Client(FaultScript.Hang, FaultScript.Hang, FaultScript.Hang, FaultScript.Hang, FaultScript.Hang, FaultScript.Hang);
        using var client = new ResilienceChatClient(
            inner,
            Options(o => { o.AttemptTimeout = TimeSpan.FromSeconds(10); o.TotalTimeout = TimeSpan.FromSeconds(25); o.MaxRetryAttempts = 5; o.BaseDelay = TimeSpan.Zero; }),
            _time);
        AuditScope scope = NewScope();

        Task<ChatResponse> call = client.GetResponseAsync(streaming, "hi");
        for (int attempt = 1; attempt <= 2; attempt++)
        {
            await FaultScript.WaitUntilAsync(() => inner.Calls.Count == attempt);
            await FaultScript.SettleAsync();
            _time.Advance(TimeSpan.FromSeconds(10));
        }

        await FaultScript.WaitUntilAsync(() => inner.Calls.Count == 3);
        await FaultScript.SettleAsync();
        _time.Advance(TimeSpan.FromSeconds(5));
        TimeoutRejectedException error = await Assert.ThrowsAsync<TimeoutRejectedException>(() => call);

        Assert.Equal(TimeSpan.FromSeconds(25), error.Timeout);
        Assert.Equal(3, inner.Calls.Count); // attempts at 0 s, 10 s, 20 s; the total timeout fired at 25 s
        Assert.Equal(1, Counter(scope, "resilience.timeouts.total"));
        Assert.Contains(scope.Record.Verdicts, v => v is { Stage: "resilience", Decision: AuditDecision.Deny, Reason: "timeout" });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CircuitBreaker_OpensRejectsFastHalfOpensAndCloses(bool streaming)
    {
        TestChatClient inner = FaultScript.Client(
            new HttpRequestException("bad gateway", null, HttpStatusCode.BadGateway),
            new HttpRequestException("bad gateway", null, HttpStatusCode.BadGateway));
        using var client = new ResilienceChatClient(
            inner,
            Options(o =>
            {
                o.MaxRetryAttempts = 0;
                o.CircuitBreakerEnabled = true;
                o.CircuitBreakerMinimumThroughput = 2;
                o.CircuitBreakerFailureRatio = 0.5;
                o.CircuitBreakerBreakDuration = TimeSpan.FromSeconds(30);
            }),
            _time);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetResponseAsync(streaming, "1"));
        AuditScope opening = NewScope();
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetResponseAsync(streaming, "2"));
        Assert.Equal(1, Counter(opening, "resilience.circuit.open"));
        Assert.Contains(opening.Record.Verdicts, v => v.Reason == "circuit_opened");

        AuditScope rejected = NewScope();
        await Assert.ThrowsAsync<BrokenCircuitException>(() => client.GetResponseAsync(streaming, "3"));
        Assert.Equal(2, inner.Calls.Count); // rejected without calling the provider
        Assert.Contains(rejected.Record.Verdicts, v => v is { Decision: AuditDecision.Deny, Reason: "circuit_open" });

        _time.Advance(TimeSpan.FromSeconds(30));
        AuditScope trial = NewScope();
        ChatResponse response = await client.GetResponseAsync(streaming, "4");

        Assert.Equal("ok", response.Text);
        Assert.Equal(3, inner.Calls.Count);
        Assert.Equal(1, Counter(trial, "resilience.circuit.half_open"));
        Assert.Equal(1, Counter(trial, "resilience.circuit.closed"));
    }

    [Fact]
    public async Task GetStreamingResponse_FailureAfterFirstChunk_IsNotRetried()
    {
        var inner = new TestChatClient { GetStreamingResponseAsyncCallback = (_, _, _) => OneChunkThenFail() };
        using var client = new ResilienceChatClient(inner, Options(), _time);
        AuditScope scope = NewScope();
        var received = new List<string>();

        await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")]))
            {
                received.Add(update.Text);
            }
        });

        Assert.Equal(["partial"], received);
        Assert.Single(inner.Calls);
        Assert.Equal(0, Counter(scope, "resilience.retries"));
        Assert.Equal(1, Counter(scope, "resilience.stream_failures_after_first_update"));

        static async IAsyncEnumerable<ChatResponseUpdate> OneChunkThenFail()
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, "partial");
            throw new HttpRequestException("reset", null, HttpStatusCode.ServiceUnavailable);
        }
    }

    [Fact]
    public async Task GetStreamingResponse_StallAfterFirstChunk_TimesOutWithoutRetry()
    {
        var inner = new TestChatClient { GetStreamingResponseAsyncCallback = (_, _, ct) => OneChunkThenHang(ct) };
        using var client = new ResilienceChatClient(inner, Options(o => o.AttemptTimeout = TimeSpan.FromSeconds(5)), _time);
        var received = new List<string>();

        Task<int> consume = Consume();
        await FaultScript.WaitUntilAsync(() => received.Count == 1);
        await FaultScript.SettleAsync();
        _time.Advance(TimeSpan.FromSeconds(5));

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => consume);
        Assert.Single(inner.Calls);

        async Task<int> Consume()
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")]))
            {
                received.Add(update.Text);
            }

            return received.Count;
        }

        static async IAsyncEnumerable<ChatResponseUpdate> OneChunkThenHang([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, "partial");
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_CallerCancelsWhileWaiting_EndsAtOnceWithoutRetry(bool streaming)
    {
        TestChatClient inner = FaultScript.Client(FaultScript.Hang);
        using var client = new ResilienceChatClient(inner, Options(), _time);
        AuditScope scope = NewScope();
        using var cts = new CancellationTokenSource();

        Task<ChatResponse> call = client.GetResponseAsync(streaming, "hi", cancellationToken: cts.Token);
        await FaultScript.WaitUntilAsync(() => inner.Calls.Count == 1);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(inner.Calls);
        Assert.Equal(0, Counter(scope, "resilience.retries"));
        Assert.Empty(scope.Record.Verdicts);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_CallerCancelsDuringBackoff_EndsAtOnce(bool streaming)
    {
        TestChatClient inner = FaultScript.Client(new HttpRequestException("unavailable", null, HttpStatusCode.ServiceUnavailable));
        using var client = new ResilienceChatClient(inner, Options(o => o.BaseDelay = TimeSpan.FromSeconds(30)), _time);
        using var cts = new CancellationTokenSource();

        Task<ChatResponse> call = client.GetResponseAsync(streaming, "hi", cancellationToken: cts.Token);
        await FaultScript.WaitUntilAsync(() => inner.Calls.Count == 1);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(inner.Calls);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_PermanentError_IsNotRetried(bool streaming)
    {
        TestChatClient inner = FaultScript.Client(new HttpRequestException("bad request", null, HttpStatusCode.BadRequest));
        using var client = new ResilienceChatClient(inner, Options(), _time);
        AuditScope scope = NewScope();

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetResponseAsync(streaming, "hi"));
        Assert.Single(inner.Calls);
        Assert.Empty(scope.Record.Verdicts);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_CustomShouldRetry_ClassifiesProviderSdkException(bool streaming)
    {
        TestChatClient inner = FaultScript.Client(new SdkException(503));
        using var client = new ResilienceChatClient(inner, Options(o => { o.BaseDelay = TimeSpan.Zero; o.ShouldRetry = e => e is SdkException { Status: >= 500 }; }), _time);

        ChatResponse response = await _time.AdvanceUntilDoneAsync(client.GetResponseAsync(streaming, "hi"), TimeSpan.FromSeconds(1));

        Assert.Equal("ok", response.Text);
        Assert.Equal(2, inner.Calls.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UseResilience_ResolvesTimeProviderAndOptionsFromServices(bool streaming)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddCompliantAI().AddResilience(o => { o.UseJitter = false; o.BaseDelay = TimeSpan.FromSeconds(3); });
        using ServiceProvider provider = services.BuildServiceProvider();
        TestChatClient inner = FaultScript.Client(new HttpRequestException("unavailable", null, HttpStatusCode.ServiceUnavailable));
        using IChatClient client = new ChatClientBuilder(inner).UseResilience(o => o.CircuitBreakerEnabled = false).Build(provider);

        Assert.NotNull(client.GetService<ResilienceChatClient>());
        Task<ChatResponse> call = client.GetResponseAsync(streaming, "hi");
        await FaultScript.WaitUntilAsync(() => inner.Calls.Count == 1);
        await FaultScript.SettleAsync();
        _time.Advance(TimeSpan.FromSeconds(2.9));
        await FaultScript.SettleAsync();
        Assert.Single(inner.Calls);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        await FaultScript.WaitUntilAsync(() => call.IsCompleted);
        Assert.Equal("ok", (await call).Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_Retries_EmitMetricTaggedWithErrorTypeOnly(bool streaming)
    {
        using var collector = new MetricCollector<long>(CompliantTelemetry.Meter, CompliantTelemetry.Resilience.RetriesName);
        TestChatClient inner = FaultScript.Client(new MetricProbeException(), new MetricProbeException());
        using var client = new ResilienceChatClient(inner, Options(o => o.BaseDelay = TimeSpan.Zero), _time);

        await client.GetResponseAsync(streaming, "patient Jane Doe asks");

        CollectedMeasurement<long>[] mine = collector.GetMeasurementSnapshot().Where(m => Equals(m.Tags[CompliantTelemetry.Tags.ErrorType], nameof(MetricProbeException))).ToArray();
        Assert.Equal(2, mine.Length);
        Assert.All(mine, m => Assert.Single(m.Tags));
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        using var inner = new TestChatClient();
        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => new ResilienceChatClient(inner, new ResilienceOptions { AttemptTimeout = TimeSpan.FromMinutes(10), TotalTimeout = TimeSpan.FromMinutes(1) }));
        Assert.Contains(nameof(ResilienceOptions.AttemptTimeout), ex.Message, StringComparison.Ordinal);
    }

    private sealed class MetricProbeException() : IOException("probe");

    private sealed class SdkException(int status) : Exception("sdk failure")
    {
        public int Status { get; } = status;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_ProviderIgnoresToken_CallerCancelEndsWaitAndObservesLateFailure(bool streaming)
    {
        var provider = new UncooperativeProvider();
        using var ended = new MetricCollector<long>(CompliantTelemetry.Meter, CompliantTelemetry.Abandonment.EndedName);
        using var client = new ResilienceChatClient(provider.Client, Options(), _time);
        using var cts = new CancellationTokenSource();

        Task<ChatResponse> call = client.GetResponseAsync(streaming, "hi", cancellationToken: cts.Token);
        await FaultScript.WaitUntilAsync(() => provider.Calls == 1);
        await cts.CancelAsync();
        await FaultScript.WaitUntilAsync(() => call.IsCompleted); // before the fix: never

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(1, provider.Calls);
        provider.GiveUp();
        await UncooperativeProvider.WaitUntilObservedAsync(ended, CompliantTelemetry.Resilience.StageName);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_ProviderIgnoresToken_AttemptTimeoutAbandonsAndRetries(bool streaming)
    {
        var provider = new UncooperativeProvider(hangingCalls: 1);
        using var client = new ResilienceChatClient(
            provider.Client, Options(o => { o.AttemptTimeout = TimeSpan.FromSeconds(2); o.TotalTimeout = TimeSpan.FromSeconds(8); o.BaseDelay = TimeSpan.Zero; }), _time);
        AuditScope scope = NewScope();

        Task<ChatResponse> call = client.GetResponseAsync(streaming, "hi");
        await FaultScript.WaitUntilAsync(() => provider.Calls == 1);
        await FaultScript.SettleAsync();
        _time.Advance(TimeSpan.FromSeconds(2));
        await FaultScript.WaitUntilAsync(() => call.IsCompleted);

        Assert.Equal("ok", (await call).Text);
        Assert.Equal(2, provider.Calls);
        Assert.Equal(1, Counter(scope, "resilience.timeouts.attempt"));
        provider.GiveUp();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_ProviderIgnoresToken_TotalTimeoutEndsCall(bool streaming)
    {
        var provider = new UncooperativeProvider();
        using var client = new ResilienceChatClient(
            provider.Client, Options(o => { o.AttemptTimeout = TimeSpan.FromSeconds(5); o.TotalTimeout = TimeSpan.FromSeconds(8); o.BaseDelay = TimeSpan.Zero; }), _time);

        Task<ChatResponse> call = client.GetResponseAsync(streaming, "hi");
        await FaultScript.WaitUntilAsync(() => provider.Calls == 1);
        await FaultScript.SettleAsync();
        _time.Advance(TimeSpan.FromSeconds(5));
        await FaultScript.WaitUntilAsync(() => provider.Calls == 2);
        await FaultScript.SettleAsync();
        _time.Advance(TimeSpan.FromSeconds(3));
        await FaultScript.WaitUntilAsync(() => call.IsCompleted);

        TimeoutRejectedException error = await Assert.ThrowsAsync<TimeoutRejectedException>(() => call);
        Assert.Equal(TimeSpan.FromSeconds(8), error.Timeout);
        Assert.Equal(2, provider.Calls);
        provider.GiveUp();
    }

    [Fact]
    public async Task GetStreamingResponse_ProviderIgnoresTokenMidStream_CallerCancelEndsWait()
    {
        var provider = new UncooperativeProvider(chunkFirst: true);
        using var ended = new MetricCollector<long>(CompliantTelemetry.Meter, CompliantTelemetry.Abandonment.EndedName);
        using var client = new ResilienceChatClient(provider.Client, Options(), _time);
        using var cts = new CancellationTokenSource();

        IAsyncEnumerator<ChatResponseUpdate> stream = client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: cts.Token).GetAsyncEnumerator();
        Assert.True(await stream.MoveNextAsync());
        Assert.Equal("partial", stream.Current.Text);
        Task<bool> next = stream.MoveNextAsync().AsTask();
        await FaultScript.SettleAsync();
        await cts.CancelAsync();
        await FaultScript.WaitUntilAsync(() => next.IsCompleted);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
        await stream.DisposeAsync(); // returns although the provider's step still runs
        Assert.Equal(0, provider.StreamsDisposed);
        provider.GiveUp();
        await UncooperativeProvider.WaitUntilObservedAsync(ended, CompliantTelemetry.Resilience.StageName);
        await FaultScript.WaitUntilAsync(() => provider.StreamsDisposed == 1);
    }

    [Fact]
    public async Task GetStreamingResponse_ProviderIgnoresTokenMidStream_IdleTimeoutEndsWait()
    {
        var provider = new UncooperativeProvider(chunkFirst: true);
        using var client = new ResilienceChatClient(provider.Client, Options(o => o.AttemptTimeout = TimeSpan.FromSeconds(5)), _time);

        IAsyncEnumerator<ChatResponseUpdate> stream = client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")]).GetAsyncEnumerator();
        Assert.True(await stream.MoveNextAsync());
        Task<bool> next = stream.MoveNextAsync().AsTask();
        await FaultScript.SettleAsync();
        _time.Advance(TimeSpan.FromSeconds(5));
        await FaultScript.WaitUntilAsync(() => next.IsCompleted);

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => next);
        await stream.DisposeAsync();
        Assert.Equal(1, provider.Calls);
        provider.GiveUp();
    }
}
