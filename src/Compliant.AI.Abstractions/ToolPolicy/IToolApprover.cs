namespace Compliant.AI;

/// <summary>Decides, in process, whether a tool call that its policy holds for human approval may run.</summary>
/// <remarks>
/// <para>
/// Hosts that approve in process (a back-office queue, a supervisor's console, a test) implement it; hosts that approve
/// in a user interface instead answer Microsoft.Extensions.AI's <c>ToolApprovalRequestContent</c> with a
/// <c>ToolApprovalResponseContent</c> on the next request.
/// </para>
/// <para>
/// The request carries the call's arguments, which may hold personal data: show them to the approver, never log them.
/// The cancellation token fires when the approval expires (<see cref="ToolApprovalRequest.ExpiresAt"/>) or the caller cancels;
/// a decision that arrives after the expiry is treated as expired.
/// </para>
/// </remarks>
public interface IToolApprover
{
    /// <summary>Asks for a decision on one tool call.</summary>
    /// <param name="request">The tool call awaiting approval.</param>
    /// <param name="cancellationToken">Fires when the approval expires or the caller cancels.</param>
    /// <returns>The approver's decision.</returns>
    ValueTask<ToolApprovalDecision> ApproveAsync(ToolApprovalRequest request, CancellationToken cancellationToken);
}
