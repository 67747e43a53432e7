namespace Compliant.AI.Tests.ToolPolicy;

/// <summary>An in-process approver for tests: records each request and answers with a scripted callback.</summary>
internal sealed class ScriptedApprover(Func<ToolApprovalRequest, CancellationToken, ValueTask<ToolApprovalDecision>> decide) : IToolApprover
{
    public List<ToolApprovalRequest> Requests { get; } = [];

    public static ScriptedApprover Approving(string approverId) => new((_, _) => ValueTask.FromResult(ToolApprovalDecision.Approve(approverId)));

    public static ScriptedApprover Denying(string approverId) => new((_, _) => ValueTask.FromResult(ToolApprovalDecision.Deny(approverId)));

    public ValueTask<ToolApprovalDecision> ApproveAsync(ToolApprovalRequest request, CancellationToken cancellationToken)
    {
        lock (Requests)
        {
            Requests.Add(request);
        }

        return decide(request, cancellationToken);
    }
}
