#pragma warning disable CA1859 // called through IChatClient on purpose, as applications do
using BenchmarkDotNet.Attributes;
using Compliant.AI;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Benchmarks.Resilience;

/// <summary>Happy-path overhead of the resilience and cost-control stages over a provider that answers at once.</summary>
[MemoryDiagnoser]
public class ResilienceBenchmarks
{
    private readonly ChatMessage[] _messages = [new(ChatRole.User, "What does the policy say about remote access for contractors?")];
    private readonly ChatOptions _options = new ChatOptions { MaxOutputTokens = 256 }.WithCaller(new CallerContext("user-1", tenantId: "cardiology"));
    private IChatClient _bare = null!;
    private IChatClient _resilient = null!;
    private IChatClient _accounting = null!;
    private IChatClient _budgeted = null!;

    [GlobalSetup]
    public void Setup()
    {
        _bare = InstantProvider.Create();
        _resilient = new ResilienceChatClient(InstantProvider.Create());
        var prices = new CostControlOptions();
        prices.Prices["bench-model"] = new ModelPrice { InputPerMillionTokens = 0.15m, OutputPerMillionTokens = 0.6m };
        _accounting = new CostControlChatClient(InstantProvider.Create(), prices);
        var budgets = new CostControlOptions();
        budgets.Prices["bench-model"] = new ModelPrice { InputPerMillionTokens = 0.15m, OutputPerMillionTokens = 0.6m };
        budgets.Budgets["cardiology"] = new BudgetLimit { Daily = decimal.MaxValue / 4, Monthly = decimal.MaxValue / 4 };
        _budgeted = new CostControlChatClient(InstantProvider.Create(), budgets);
    }

    [Benchmark(Baseline = true)]
    public Task<ChatResponse> BareClient() => _bare.GetResponseAsync(_messages, _options);

    [Benchmark]
    public Task<ChatResponse> Resilience() => _resilient.GetResponseAsync(_messages, _options);

    [Benchmark]
    public Task<ChatResponse> CostAccountingOnly() => _accounting.GetResponseAsync(_messages, _options);

    [Benchmark]
    public Task<ChatResponse> CostWithBudgets() => _budgeted.GetResponseAsync(_messages, _options);
}
