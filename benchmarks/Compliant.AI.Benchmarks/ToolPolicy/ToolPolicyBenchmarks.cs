#pragma warning disable CA1859 // called through IChatClient on purpose, as applications do
using BenchmarkDotNet.Attributes;
using Compliant.AI;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Benchmarks.ToolPolicy;

/// <summary>
/// One tool-call round trip through <c>FunctionInvokingChatClient</c> (the model proposes a call, the tool runs, the model
/// answers), bare and behind <c>UseToolPolicy()</c>, over a scripted model that answers at once.
/// </summary>
[MemoryDiagnoser]
public class ToolPolicyBenchmarks
{
    private const string ToolName = "refund_payment";
    private readonly ChatMessage[] _messages = [new(ChatRole.User, "Refund the last payment.")];
    private ChatOptions _options = null!;
    private IChatClient _bare = null!;
    private IChatClient _policy = null!;
    private IChatClient _approval = null!;

    [GlobalSetup]
    public void Setup()
    {
        AIFunction tool = AIFunctionFactory.Create((double amount, string currency) => $"refunded {amount} {currency}", ToolName);
        _options = new ChatOptions { Tools = [tool] }.WithCaller(new CallerContext("u-1", ["finance"], ["billing-agent"], "bank-eu", "OPERATIONS"));

        _bare = new ChatClientBuilder(Model()).UseFunctionInvocation().Build();

        var policy = new ToolPolicyOptions();
        policy.Tools[ToolName] = Policy(requireApproval: false);
        _policy = new ChatClientBuilder(Model()).Use(inner => new ToolPolicyChatClient(inner, policy)).UseFunctionInvocation().Build();

        var approval = new ToolPolicyOptions();
        approval.Tools[ToolName] = Policy(requireApproval: true);
        _approval = new ChatClientBuilder(Model()).Use(inner => new ToolPolicyChatClient(inner, approval, new AutoApprover())).UseFunctionInvocation().Build();

        // Measure the round trip that runs the tool, not a denial: each pipeline must return the tool's result.
        foreach (IChatClient client in new[] { _bare, _policy, _approval })
        {
            ChatResponse response = client.GetResponseAsync(_messages, _options).GetAwaiter().GetResult();
            if (!response.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Any(r => Equals(r.Result?.ToString(), "refunded 250 EUR")))
            {
                throw new InvalidOperationException("The benchmark's tool call did not run.");
            }
        }
    }

    [Benchmark(Baseline = true)]
    public Task<ChatResponse> FunctionInvocationOnly() => _bare.GetResponseAsync(_messages, _options);

    [Benchmark]
    public Task<ChatResponse> WithToolPolicy() => _policy.GetResponseAsync(_messages, _options);

    [Benchmark]
    public Task<ChatResponse> WithToolPolicyAndInProcessApproval() => _approval.GetResponseAsync(_messages, _options);

    /// <summary>Roles, tenant, purpose, an allow-list, an argument schema and a rate limit that is never reached.</summary>
    private static Compliant.AI.ToolPolicy Policy(bool requireApproval)
    {
        var p = new Compliant.AI.ToolPolicy
        {
            ArgumentSchema = """{"type":"object","required":["amount","currency"],"properties":{"amount":{"type":"number","maximum":5000},"currency":{"type":"string"}}}""",
            RateLimit = new ToolRateLimit { PerCaller = int.MaxValue, PerTenant = int.MaxValue },
            RequireApproval = requireApproval,
        };
        p.Roles.Add("billing-agent");
        p.Tenants.Add("bank-eu");
        p.Purposes.Add("OPERATIONS");
        p.AllowedValues["currency"] = ["EUR", "USD"];
        return p;
    }

    private static TestChatClient Model()
    {
        var call = new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call-1", ToolName, new Dictionary<string, object?> { ["amount"] = 250.0, ["currency"] = "EUR" })]));
        return new TestChatClient
        {
            GetResponseAsyncCallback = (messages, _, _) =>
            {
                bool answered = messages is IList<ChatMessage> list && list[^1].Role == ChatRole.Tool;
                return Task.FromResult(answered ? new ChatResponse(new ChatMessage(ChatRole.Assistant, "Done.")) : Clone(call));
            },
        };
    }

    private static ChatResponse Clone(ChatResponse response) =>
        new(new ChatMessage(ChatRole.Assistant, [.. response.Messages[0].Contents.Select(c => c is FunctionCallContent f ? new FunctionCallContent(f.CallId, f.Name, f.Arguments) : c)]));

    private sealed class AutoApprover : IToolApprover
    {
        private static readonly ToolApprovalDecision Approved = ToolApprovalDecision.Approve("bench-approver");

        public ValueTask<ToolApprovalDecision> ApproveAsync(ToolApprovalRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(Approved);
    }
}
