using Compliant.AI.CostControl.Internal;
using Compliant.AI.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Compliant.AI.Tests.CostControl;

public sealed class CostControlChatClientTests
{
    // The estimate cost control makes when no ITokenCounter is given: one token per four characters.
    private static readonly TokenEstimator Estimator = TokenEstimator.Heuristic;

    private const string Model = "model-a";
    private static readonly ModelPrice Price = new() { InputPerMillionTokens = 1m, OutputPerMillionTokens = 2m, CachedInputPerMillionTokens = 0.5m };
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

    private static CostControlOptions Options(Action<CostControlOptions>? configure = null)
    {
        var options = new CostControlOptions();
        options.Prices[Model] = Price;
        configure?.Invoke(options);
        return options;
    }

    private static ChatOptions Caller(string tenant, int? maxOutput = 100) =>
        new ChatOptions { MaxOutputTokens = maxOutput }.WithCaller(new CallerContext("user-1", tenantId: tenant));

    private static AuditScope NewScope() => AuditScope.Current = new AuditScope(new AuditRecord());

    /// <summary>A provider that reports the given usage (or none) and answers "ok".</summary>
    private static TestChatClient Reporting(UsageDetails? usage, bool yieldFirst = false)
    {
        var client = new TestChatClient { Metadata = new ChatClientMetadata("test", null, Model) };
        client.GetResponseAsyncCallback = async (_, _, _) =>
        {
            if (yieldFirst)
            {
                await Task.Yield();
            }

            return new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")) { Usage = usage };
        };
        client.GetStreamingResponseAsyncCallback = (_, _, _) => Stream(usage, yieldFirst);
        return client;

        static async IAsyncEnumerable<ChatResponseUpdate> Stream(UsageDetails? usage, bool yieldFirst)
        {
            if (yieldFirst)
            {
                await Task.Yield();
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, "o");
            yield return new ChatResponseUpdate(ChatRole.Assistant, "k");
            if (usage is not null)
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(usage)]);
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_ReportedUsage_CostFromPriceTableOnAuditRecord(bool streaming)
    {
        TestChatClient inner = Reporting(new UsageDetails { InputTokenCount = 1000, CachedInputTokenCount = 200, OutputTokenCount = 500 });
        using var client = new CostControlChatClient(inner, Options(o => o.Currency = "EUR"), timeProvider: _time);
        AuditScope scope = NewScope();

        await client.GetResponseAsync(streaming, "hello", Caller("cardiology"));

        AuditRecord record = scope.Record;
        Assert.Equal(1000, record.InputTokens);
        Assert.Equal(500, record.OutputTokens);
        Assert.False(record.TokensEstimated);
        Assert.Equal(((800 * 1m) + (200 * 0.5m) + (500 * 2m)) / 1_000_000m, record.Cost);
        Assert.Equal("EUR", record.Currency);
        Assert.Equal(Model, record.Model);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_NoUsageReported_TokenCounterGiven_CountsWithIt(bool streaming)
    {
        TestChatClient inner = Reporting(usage: null);
        using var client = new CostControlChatClient(inner, Options(), timeProvider: _time, tokenCounter: TiktokenTokenCounter.Instance);
        AuditScope scope = NewScope();
        ChatMessage[] messages = [new(ChatRole.System, "You answer briefly."), new(ChatRole.User, "What is the capital of France?")];
        var tiktoken = new TokenEstimator(TiktokenTokenCounter.Instance);

        await client.GetResponseAsync(streaming, messages, Caller("cardiology"));

        Assert.True(scope.Record.TokensEstimated);
        Assert.Equal(tiktoken.CountMessages(messages), scope.Record.InputTokens);
        Assert.NotEqual(Estimator.CountMessages(messages), scope.Record.InputTokens);
        Assert.Equal(1, scope.Record.OutputTokens); // "ok" is one o200k token; the heuristic also says 1
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_NoUsageReported_EstimatesAndFlags(bool streaming)
    {
        TestChatClient inner = Reporting(usage: null);
        using var client = new CostControlChatClient(inner, Options(), timeProvider: _time);
        AuditScope scope = NewScope();
        ChatMessage[] messages = [new(ChatRole.System, "You answer briefly."), new(ChatRole.User, "What is the capital of France?")];

        await client.GetResponseAsync(streaming, messages, Caller("cardiology"));

        Assert.True(scope.Record.TokensEstimated);
        Assert.Equal(Estimator.CountMessages(messages), scope.Record.InputTokens);
        Assert.Equal(Estimator.CountText("ok"), scope.Record.OutputTokens);
        Assert.True(scope.Record.Cost > 0m);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_CostMetric_TaggedByTenantAndModelNeverUser(bool streaming)
    {
        string tenant = "metrics-" + streaming;
        using var collector = new MetricCollector<double>(CompliantTelemetry.Meter, CompliantTelemetry.CostControl.CostName);
        TestChatClient inner = Reporting(new UsageDetails { InputTokenCount = 1_000_000, OutputTokenCount = 0 });
        using var client = new CostControlChatClient(inner, Options(), timeProvider: _time);

        await client.GetResponseAsync(streaming, "hi", Caller(tenant));

        CollectedMeasurement<double> m = Assert.Single(collector.GetMeasurementSnapshot(), x => Equals(x.Tags[CompliantTelemetry.Tags.TenantId], tenant));
        Assert.Equal(1.0, m.Value, 6);
        Assert.Equal(Model, m.Tags[CompliantTelemetry.Tags.Model]);
        Assert.DoesNotContain(m.Tags.Values, v => Equals(v, "user-1"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_WouldExceedDailyBudget_RefusedBeforeCallWithVerdict(bool streaming)
    {
        TestChatClient inner = Reporting(new UsageDetails { InputTokenCount = 10, OutputTokenCount = 10 });
        using var client = new CostControlChatClient(inner, Options(o => o.Budgets["radiology"] = new BudgetLimit { Daily = 0.0001m }), timeProvider: _time);
        AuditScope scope = NewScope();

        BudgetExceededException error = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(streaming, "hello", Caller("radiology", maxOutput: 1000)));

        Assert.Empty(inner.Calls);
        Assert.Equal("day", error.Period);
        Assert.Equal("radiology", error.TenantId);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero), error.ResetsAt);
        Assert.Contains(scope.Record.Verdicts, v => v is { Stage: "budget", Decision: AuditDecision.Deny, Reason: "budget_exceeded" });
        Assert.Contains(scope.Record.Verdicts, v => v.Stage == error.Stage && v.Reason == error.Reason);
        Assert.DoesNotContain("user-1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_200ConcurrentCallsOfOneTenant_CannotOverspend(bool streaming)
    {
        ChatMessage[] messages = [new(ChatRole.User, "Summarise the discharge letter.")];
        long input = Estimator.CountMessages(messages);
        const int MaxOutput = 100;
        decimal perCall = Price.Cost(input, 0, MaxOutput);
        decimal budget = perCall * 10.5m;
        var store = new InMemoryBudgetStore(_time);
        TestChatClient inner = Reporting(new UsageDetails { InputTokenCount = input, OutputTokenCount = MaxOutput }, yieldFirst: true);
        using var client = new CostControlChatClient(inner, Options(o => o.Budgets["oncology"] = new BudgetLimit { Daily = budget }), store, timeProvider: _time);

        Task<bool>[] calls = Enumerable.Range(0, 200).Select(_ => Task.Run(async () =>
        {
            try
            {
                await client.GetResponseAsync(streaming, messages, Caller("oncology", MaxOutput));
                return true;
            }
            catch (BudgetExceededException)
            {
                return false;
            }
        })).ToArray();
        bool[] admitted = await Task.WhenAll(calls);

        decimal spent = await store.GetSpentAsync(BudgetPeriods.Key("oncology", BudgetPeriods.Day, _time.GetUtcNow()));
        Assert.Equal(10, admitted.Count(a => a));
        Assert.True(spent <= budget + perCall, $"spent {spent} > budget {budget} + one call {perCall}");
        Assert.Equal(perCall * 10, spent);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_DayRollsOver_BudgetAvailableAgain(bool streaming)
    {
        TestChatClient inner = Reporting(new UsageDetails { InputTokenCount = 10, OutputTokenCount = 10 });
        ChatMessage[] messages = [new(ChatRole.User, "hi")];
        decimal perCall = Price.Cost(Estimator.CountMessages(messages), 0, 10);
        using var client = new CostControlChatClient(inner, Options(o => o.Budgets["icu"] = new BudgetLimit { Daily = perCall * 1.5m, Monthly = perCall * 2.5m }), timeProvider: _time);

        await client.GetResponseAsync(streaming, messages, Caller("icu", 10));
        BudgetExceededException day = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(streaming, messages, Caller("icu", 10)));
        Assert.Equal("day", day.Period);

        _time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 0, 0, 1, TimeSpan.Zero));
        await client.GetResponseAsync(streaming, messages, Caller("icu", 10));

        _time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 0, 0, 1, TimeSpan.Zero));
        BudgetExceededException month = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(streaming, messages, Caller("icu", 10)));
        Assert.Equal("month", month.Period);

        _time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 0, 0, 1, TimeSpan.Zero));
        await client.GetResponseAsync(streaming, messages, Caller("icu", 10));
        Assert.Equal(3, inner.Calls.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_DistributedStore_SharesBudgetAcrossInstances(bool streaming)
    {
        IDistributedCache cache = TestCaches.MemoryDistributedCache(_time);
        ChatMessage[] messages = [new(ChatRole.User, "hi")];
        decimal perCall = Price.Cost(Estimator.CountMessages(messages), 0, 10);
        CostControlOptions options = Options(o => o.DefaultBudget = new BudgetLimit { Daily = perCall * 2.5m });
        TestChatClient innerA = Reporting(new UsageDetails { InputTokenCount = Estimator.CountMessages(messages), OutputTokenCount = 10 });
        TestChatClient innerB = Reporting(new UsageDetails { InputTokenCount = Estimator.CountMessages(messages), OutputTokenCount = 10 });
        using var instanceA = new CostControlChatClient(innerA, options, new DistributedCacheBudgetStore(cache), timeProvider: _time);
        using var instanceB = new CostControlChatClient(innerB, options, new DistributedCacheBudgetStore(cache), timeProvider: _time);

        await instanceA.GetResponseAsync(streaming, messages, Caller("lab", 10));
        await instanceB.GetResponseAsync(streaming, messages, Caller("lab", 10));
        await Assert.ThrowsAsync<BudgetExceededException>(() => instanceA.GetResponseAsync(streaming, messages, Caller("lab", 10)));

        decimal spent = await new DistributedCacheBudgetStore(cache).GetSpentAsync(BudgetPeriods.Key("lab", BudgetPeriods.Day, _time.GetUtcNow()));
        Assert.Equal(perCall * 2, spent);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_ProviderFails_ReservationReleased(bool streaming)
    {
        var inner = new TestChatClient
        {
            Metadata = new ChatClientMetadata("test", null, Model),
            GetResponseAsyncCallback = (_, _, _) => Task.FromException<ChatResponse>(new HttpRequestException("down")),
            GetStreamingResponseAsyncCallback = (_, _, _) => Resilience.FaultScript.FailStream(new HttpRequestException("down")),
        };
        var store = new InMemoryBudgetStore(_time);
        using var client = new CostControlChatClient(inner, Options(o => o.Budgets["er"] = new BudgetLimit { Daily = 1m }), store, timeProvider: _time);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetResponseAsync(streaming, "hi", Caller("er")));

        Assert.Equal(0m, await store.GetSpentAsync(BudgetPeriods.Key("er", BudgetPeriods.Day, _time.GetUtcNow())));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_UnpricedModelWithBudget_RefusedByDefault(bool streaming)
    {
        TestChatClient inner = Reporting(null);
        using var client = new CostControlChatClient(inner, Options(o => o.DefaultBudget = new BudgetLimit { Daily = 10m }), timeProvider: _time);
        AuditScope scope = NewScope();

        BudgetExceededException error = await Assert.ThrowsAsync<BudgetExceededException>(
            () => client.GetResponseAsync(streaming, "hi", new ChatOptions { ModelId = "unknown-model" }.WithCaller(new CallerContext("u", tenantId: "t"))));

        Assert.Null(error.Period);
        Assert.Empty(inner.Calls);
        Assert.Contains(scope.Record.Verdicts, v => v.Reason == "model_not_priced");
        Assert.Equal(("budget", "model_not_priced"), (error.Stage, error.Reason));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_RateLimitPerTenant_RefusesBeyondPermits(bool streaming)
    {
        TestChatClient inner = Reporting(null);
        using var client = new CostControlChatClient(inner, Options(o => { o.RateLimitPermitsPerWindow = 2; o.RateLimitWindow = TimeSpan.FromHours(1); }), timeProvider: _time);

        await client.GetResponseAsync(streaming, "1", Caller("pharmacy"));
        await client.GetResponseAsync(streaming, "2", Caller("pharmacy"));
        AuditScope scope = NewScope();
        RateLimitExceededException error = await Assert.ThrowsAsync<RateLimitExceededException>(() => client.GetResponseAsync(streaming, "3", Caller("pharmacy")));
        await client.GetResponseAsync(streaming, "other tenant", Caller("billing"));

        Assert.Equal("pharmacy", error.TenantId);
        Assert.Equal(3, inner.Calls.Count);
        Assert.Contains(scope.Record.Verdicts, v => v is { Stage: "budget", Decision: AuditDecision.Deny, Reason: "rate_limited" });
        Assert.Equal(("budget", "rate_limited"), (error.Stage, error.Reason));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_RateLimitWithQueue_WaitsAndHonoursCancellation(bool streaming)
    {
        TestChatClient inner = Reporting(null);
        using var client = new CostControlChatClient(inner, Options(o => { o.RateLimitPermitsPerWindow = 1; o.RateLimitWindow = TimeSpan.FromHours(1); o.RateLimitQueueLimit = 1; }), timeProvider: _time);
        using var cts = new CancellationTokenSource();

        await client.GetResponseAsync(streaming, "1", Caller("lab"));
        Task<ChatResponse> queued = client.GetResponseAsync(streaming, "2", Caller("lab"), cts.Token);
        await Resilience.FaultScript.SettleAsync();
        Assert.False(queued.IsCompleted);
        await Assert.ThrowsAsync<RateLimitExceededException>(() => client.GetResponseAsync(streaming, "3", Caller("lab")));

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        Assert.Single(inner.Calls);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_TenantFromAmbientAccessor(bool streaming)
    {
        var accessor = new CallerContextAccessor { Current = new CallerContext("user-9", tenantId: "ambient") };
        TestChatClient inner = Reporting(new UsageDetails { InputTokenCount = 10, OutputTokenCount = 10 });
        using var client = new CostControlChatClient(inner, Options(o => o.Budgets["ambient"] = new BudgetLimit { Daily = 0m }), callerAccessor: accessor, timeProvider: _time);

        BudgetExceededException error = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(streaming, "hi"));
        Assert.Equal("ambient", error.TenantId);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UseCostControl_BindsFromConfigurationAndUsesRegisteredStore(bool streaming)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Compliant:Budgets:Currency"] = "GBP",
            ["Compliant:Budgets:Prices:model-a:InputPerMillionTokens"] = "3",
            ["Compliant:Budgets:Prices:model-a:OutputPerMillionTokens"] = "15",
            ["Compliant:Budgets:Budgets:finance:Daily"] = "0",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<TimeProvider>(_time);
        services.AddDistributedMemoryCache();
        services.AddCompliantAI().AddCostControl().AddDistributedBudgetStore();
        using ServiceProvider provider = services.BuildServiceProvider();
        TestChatClient inner = Reporting(new UsageDetails { InputTokenCount = 1_000_000, OutputTokenCount = 0 });
        using IChatClient client = new ChatClientBuilder(inner).UseCostControl().Build(provider);

        Assert.IsType<DistributedCacheBudgetStore>(provider.GetRequiredService<IBudgetStore>());
        Assert.Equal("GBP", provider.GetRequiredService<IOptions<CostControlOptions>>().Value.Currency);
        await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(streaming, "hi", Caller("finance")));
        AuditScope scope = NewScope();
        await client.GetResponseAsync(streaming, "hi", Caller("other"));
        Assert.Equal(3m, scope.Record.Cost);
        Assert.Equal("GBP", scope.Record.Currency);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_ProviderIgnoresToken_CallerCancelEndsWaitAndHoldsReservationUntilItEnds(bool streaming)
    {
        var provider = new UncooperativeProvider();
        provider.Client.Metadata = new ChatClientMetadata("test", null, Model);
        var store = new InMemoryBudgetStore(_time);
        using var client = new CostControlChatClient(provider.Client, Options(o => o.Budgets["er"] = new BudgetLimit { Daily = 1m }), store, timeProvider: _time);
        using var cts = new CancellationTokenSource();
        string key = BudgetPeriods.Key("er", BudgetPeriods.Day, _time.GetUtcNow());
        AuditScope scope = NewScope();

        Task<ChatResponse> call = client.GetResponseAsync(streaming, [new ChatMessage(ChatRole.User, "hi")], Caller("er"), cts.Token);
        await Resilience.FaultScript.WaitUntilAsync(() => provider.Calls == 1);
        decimal reserved = await store.GetSpentAsync(key);
        await cts.CancelAsync();
        await Resilience.FaultScript.WaitUntilAsync(() => call.IsCompleted); // before the fix: never

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.True(reserved > 0m);
        Assert.Equal(reserved, await store.GetSpentAsync(key)); // the provider may still be spending
        Assert.Equal(1, scope.Record.Counters["budget.abandoned_calls"]);
        provider.GiveUp();
        var guard = System.Diagnostics.Stopwatch.StartNew(); // a guard against hanging, not a timing assertion
        while (await store.GetSpentAsync(key) != 0m && guard.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Yield();
        }

        Assert.Equal(0m, await store.GetSpentAsync(key)); // it failed without output: released
    }
}
