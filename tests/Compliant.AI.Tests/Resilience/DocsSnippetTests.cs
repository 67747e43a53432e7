using System.Net;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Compliant.AI.Tests.Resilience;

/// <summary>The usage snippets of docs/resilience.md and docs/budgets.md, compiled and run end to end.</summary>
public sealed class DocsSnippetTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CostControlOutsideResilience_RetriesReserveBudgetOnceAndAuditEverything(bool streaming)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddCompliantAI()
            .AddResilience(o => { o.UseJitter = false; o.BaseDelay = TimeSpan.FromSeconds(1); })
            .AddCostControl(o =>
            {
                o.Prices["gpt-4o-mini"] = new ModelPrice { InputPerMillionTokens = 0.15m, OutputPerMillionTokens = 0.60m };
                o.Budgets["cardiology"] = new BudgetLimit { Daily = 20m, Monthly = 400m };
            });
        using ServiceProvider provider = services.BuildServiceProvider();
        TestChatClient providerClient = FaultScript.Client(new HttpRequestException("busy", null, HttpStatusCode.TooManyRequests));
        providerClient.Metadata = new ChatClientMetadata("test", null, "gpt-4o-mini");

        using IChatClient client = new ChatClientBuilder(providerClient)
            .UseCostControl()
            .UseResilience()
            .Build(provider);

        ChatOptions options = new ChatOptions { MaxOutputTokens = 800 }.WithCaller(new CallerContext("user-42", tenantId: "cardiology"));
        AuditScope scope = AuditScope.Current = new AuditScope(new AuditRecord());
        ChatResponse answer = await time.AdvanceUntilDoneAsync(client.GetResponseAsync(streaming, "What is the visiting policy?", options), TimeSpan.FromSeconds(1));

        Assert.Equal("ok", answer.Text);
        Assert.Equal(2, providerClient.Calls.Count);
        Assert.Equal(1, scope.Record.Counters["resilience.retries"]);
        Assert.True(scope.Record.TokensEstimated);
        Assert.True(scope.Record.Cost > 0m);
        decimal spent = await provider.GetRequiredService<IBudgetStore>().GetSpentAsync(
            Compliant.AI.CostControl.Internal.BudgetPeriods.Key("cardiology", "day", time.GetUtcNow()));
        Assert.Equal(scope.Record.Cost, spent); // one reservation settled to the actual cost, not one per attempt
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FailoverAcrossResilientProviders_AsDocumented(bool streaming)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider());
        services.AddCompliantAI().AddResilience(o => o.MaxRetryAttempts = 0);
        using ServiceProvider provider = services.BuildServiceProvider();
        TestChatClient azureOpenAI = FaultScript.Client(new HttpRequestException("down", null, HttpStatusCode.ServiceUnavailable));
        TestChatClient ollama = TestChatClient.Answering("local answer");

        IChatClient primary = new ChatClientBuilder(azureOpenAI).UseResilience().Build(provider);
        IChatClient secondary = new ChatClientBuilder(ollama).UseResilience().Build(provider);
        using IChatClient client = new ChatClientBuilder(ChatRouting.CreateFailover([primary, secondary]))
            .UseCostControl()
            .Build(provider);

        AuditScope scope = AuditScope.Current = new AuditScope(new AuditRecord());
        ChatResponse answer = await client.GetResponseAsync(streaming, "hi");

        Assert.Equal("local answer", answer.Text);
        Assert.Equal(1, scope.Record.Counters["resilience.failovers"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WithAuditingStage_FailoverRetriesAndCostLandInTheWrittenRecord(bool streaming)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton(TestKeys.Audit);
        services.AddCompliantAI()
            .AddResilience(o => { o.UseJitter = false; o.BaseDelay = TimeSpan.FromSeconds(1); o.MaxRetryAttempts = 1; })
            .AddCostControl(o => o.Prices["local-model"] = new ModelPrice { InputPerMillionTokens = 1m, OutputPerMillionTokens = 1m });
        using ServiceProvider provider = services.BuildServiceProvider();
        var sink = new TestAuditSink();
        TestChatClient cloud = FaultScript.Client(
            new HttpRequestException("down", null, HttpStatusCode.ServiceUnavailable),
            new HttpRequestException("down", null, HttpStatusCode.ServiceUnavailable));
        TestChatClient local = TestChatClient.Answering("local answer");
        local.Metadata = new ChatClientMetadata("local", null, "local-model");

        IChatClient primary = new ChatClientBuilder(cloud).UseResilience().Build(provider);
        IChatClient secondary = new ChatClientBuilder(local).UseCostControl().UseResilience().Build(provider);
        using IChatClient client = new ChatClientBuilder(ChatRouting.CreateFailover([primary, secondary]))
            .UseAuditing(sink, o => o.AbandonedStreamTimeout = Timeout.InfiniteTimeSpan) // the fake clock races ahead of the consumer here
            .Build(provider);

        ChatOptions options = new ChatOptions().WithCaller(new CallerContext("user-7", tenantId: "radiology"));
        ChatResponse answer = await time.AdvanceUntilDoneAsync(client.GetResponseAsync(streaming, "hi", options), TimeSpan.FromSeconds(1));

        Assert.Equal("local answer", answer.Text);
        AuditRecord record = sink.Only();
        Assert.Equal(1, record.Counters["resilience.retries"]);
        Assert.Equal(1, record.Counters["resilience.failovers"]);
        Assert.Contains(record.Verdicts, v => v is { Stage: "resilience", Decision: AuditDecision.Modify, Reason: "failover" });
        Assert.Contains(record.Verdicts, v => v is { Stage: "resilience", Decision: AuditDecision.Deny, Reason: "transient_failure" });
        Assert.True(record.Cost > 0m);
        Assert.True(record.TokensEstimated);
    }
}
