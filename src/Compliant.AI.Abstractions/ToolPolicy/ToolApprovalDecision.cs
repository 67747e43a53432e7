namespace Compliant.AI;

/// <summary>An approver's decision on a <see cref="ToolApprovalRequest"/>.</summary>
/// <remarks><see cref="ApproverId"/> is written to the audit record (which is access-controlled), never to logs, traces or metrics.</remarks>
public sealed class ToolApprovalDecision
{
    private ToolApprovalDecision(bool approved, string approverId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(approverId);
        Approved = approved;
        ApproverId = approverId;
    }

    /// <summary>Gets a value indicating whether the call may run.</summary>
    public bool Approved { get; }

    /// <summary>Gets the stable id of who decided (a user id or a service name).</summary>
    public string ApproverId { get; }

    /// <summary>Creates a decision that lets the call run.</summary>
    /// <param name="approverId">Who approved.</param>
    /// <returns>The decision.</returns>
    public static ToolApprovalDecision Approve(string approverId) => new(true, approverId);

    /// <summary>Creates a decision that refuses the call.</summary>
    /// <param name="approverId">Who refused.</param>
    /// <returns>The decision.</returns>
    public static ToolApprovalDecision Deny(string approverId) => new(false, approverId);
}
