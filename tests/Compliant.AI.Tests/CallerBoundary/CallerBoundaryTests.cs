using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Compliant.AI.Tests.CallerBoundary;

/// <summary>Issue 10 row 9: the caller's identity never reaches the provider, with or without PII redaction.</summary>
public sealed class CallerBoundaryTests
{
    private const string UserCanary = "maria.okafor@example.com";

    private static ChatOptions WithCanaryCaller(string tenant = "finance") =>
        new ChatOptions { AdditionalProperties = new() { ["trace-tag"] = "kept" } }
            .WithCaller(new CallerContext(UserCanary, tenantId: tenant, groups: ["er-nurses"]));

    private static void AssertNoCaller(ChatOptions? sent)
    {
        Assert.NotNull(sent);
        Assert.DoesNotContain(sent!.AdditionalProperties ?? [], p => p.Value is CallerContext);
        Assert.DoesNotContain(UserCanary, string.Join("|", (sent.AdditionalProperties ?? []).Select(p => $"{p.Key}={p.Value}")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UseCompliance_NoRedactionRegistered_ProviderNeverSeesCaller(bool streaming)
    {
        var services = new ServiceCollection();
        services.AddCompliantAI(); // no PII detection, no auditing: only the boundary stands between caller and provider
        TestChatClient provider = TestChatClient.Answering("ok");
        services.AddChatClient(provider).UseCompliance();
        await using ServiceProvider sp = services.BuildServiceProvider();
        ChatOptions options = WithCanaryCaller();

        await sp.GetRequiredService<IChatClient>().GetResponseAsync(streaming, "hi", options);

        ChatOptions? sent = Assert.Single(provider.Calls).Options;
        AssertNoCaller(sent);
        Assert.Equal("kept", sent!.AdditionalProperties!["trace-tag"]); // other properties are not the boundary's business
        Assert.IsType<CallerContext>(options.AdditionalProperties![CallerContext.AdditionalPropertiesKey]); // caller's options unchanged
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UseCallerBoundary_CallerUnderAnotherKey_Removed(bool streaming)
    {
        TestChatClient provider = TestChatClient.Answering("ok");
        using IChatClient client = new ChatClientBuilder(provider).UseCallerBoundary().Build();
        var options = new ChatOptions { AdditionalProperties = new() { ["my-user"] = new CallerContext(UserCanary) } };

        await client.GetResponseAsync(streaming, "hi", options);

        ChatOptions? sent = Assert.Single(provider.Calls).Options;
        AssertNoCaller(sent);
        Assert.Null(sent!.AdditionalProperties);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UseCallerBoundary_NoCaller_OptionsPassAsTheyAre(bool streaming)
    {
        TestChatClient provider = TestChatClient.Answering("ok");
        using IChatClient client = new ChatClientBuilder(provider).UseCallerBoundary().Build();
        var options = new ChatOptions { AdditionalProperties = new() { ["a"] = 1 } };

        await client.GetResponseAsync(streaming, "hi", options);

        Assert.Same(options, Assert.Single(provider.Calls).Options);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task HandBuiltCostControlBehindRedaction_WithoutAccessor_StillChargesTheCallersTenant(bool streaming)
    {
        // Redaction removes the caller from the options and makes it ambient; a CostControlChatClient built by hand
        // without an accessor used to see no caller and charge the "no tenant" budget instead.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        var provider = new TestChatClient { Metadata = new ChatClientMetadata("test", null, "model-a") };
        provider.GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")));
        provider.GetStreamingResponseAsyncCallback = (_, _, ct) => TestChatClient.StreamText("ok", 4, ct);
        var costOptions = new CostControlOptions();
        costOptions.Prices["model-a"] = new ModelPrice { InputPerMillionTokens = 1m, OutputPerMillionTokens = 1m };
        costOptions.Budgets["finance"] = new BudgetLimit { Daily = 0m };
        using var cost = new CostControlChatClient(provider, costOptions, timeProvider: time);
        using var redaction = new PiiRedactionChatClient(cost, new PiiDetector());

        BudgetExceededException error = await Assert.ThrowsAsync<BudgetExceededException>(
            () => redaction.GetResponseAsync(streaming, "hi", WithCanaryCaller("finance")));

        Assert.Equal("finance", error.TenantId);
        Assert.Empty(provider.Calls);
    }
}
