using Compliant.AI.Tests;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

// Outside Compliant.AI.Tests, whose ToolPolicy namespace would hide the type: `ToolPolicy` reads exactly as in the docs.
namespace Compliant.AI.DocSnippets;

/// <summary>The usage snippet of docs/guardrails.md ("Tool permissions and approval"), compiled and run.</summary>
public sealed class ToolPolicyDocSnippetsTests
{
    [Fact]
    public async Task Usage_DependencyInjection_PermitsTheListedToolAndAuditsIt()
    {
        var services = new ServiceCollection();
        services.AddSingleton(TestKeys.Audit);
        IChatClient provider = ScriptedModel("lookup_order");

        services.AddCompliantAI()
            .AddInMemoryAuditSink()     // or AddAuditLedger(); the audit key as for any auditing pipeline
            .AddToolPolicy(o => o.Tools["lookup_order"] = new ToolPolicy { RateLimit = new ToolRateLimit { PerCaller = 30 } });
        services.AddSingleton<IToolApprover, SupervisorQueueApprover>();        // optional: approve in process

        services.AddChatClient(provider)
            .UseAuditing()              // outermost: one record holds every round and every tool decision
            .UseToolPolicy()            // outside the tool loop: wraps the tools, answers approval requests
            .UseFunctionInvocation();   // Microsoft.Extensions.AI's tool loop; other stages go inside it

        await using ServiceProvider sp = services.BuildServiceProvider();
        int runs = 0;
        AIFunction lookup = AIFunctionFactory.Create(() => ++runs, "lookup_order");
        ChatResponse response = await sp.GetRequiredService<IChatClient>().GetResponseAsync(
            [new ChatMessage(ChatRole.User, "Where is my order?")],
            new ChatOptions { Tools = [lookup] }.WithCaller(new CallerContext("u-1", tenantId: "shop")));

        Assert.Equal(1, runs);
        Assert.Equal("done", response.Text);
        AuditRecord record = Assert.Single(sp.GetRequiredService<InMemoryAuditSink>().Records);
        Assert.Contains(record.Verdicts, v => v is { Stage: "tool_policy", Reason: "allowed" });
    }

    private static TestChatClient ScriptedModel(string tool) => new()
    {
        GetResponseAsyncCallback = (messages, _, _) => Task.FromResult(messages.Any(m => m.Role == ChatRole.Tool)
            ? new ChatResponse(new ChatMessage(ChatRole.Assistant, "done"))
            : new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", tool)]))),
    };

    private sealed class SupervisorQueueApprover : IToolApprover
    {
        public ValueTask<ToolApprovalDecision> ApproveAsync(ToolApprovalRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(ToolApprovalDecision.Deny("supervisor-queue"));
    }
}
