using System.Collections.Concurrent;
using System.Diagnostics;

namespace Compliant.AI.Tools.Internal;

/// <summary>What one request through the tool-policy stage shares with the tools it wrapped: the caller, the approvals, a pending denial.</summary>
internal sealed class ToolPolicyRequestState(CallerContext caller, Activity? activity)
{
    public CallerContext Caller { get; } = caller;

    public Activity? Activity { get; } = activity;

    /// <summary>Gets the ids of the calls approved in this request (by the host's responses or the in-process approver).</summary>
    public ConcurrentDictionary<string, bool> ApprovedCallIds { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the names of tools the host itself marked as needing approval (an <c>ApprovalRequiredAIFunction</c>).</summary>
    public HashSet<string> HostApprovalTools { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets the denial to throw when <see cref="ToolPolicyOptions.ThrowOnDenial"/> is set.</summary>
    public ToolCallDeniedException? Denial { get; set; }
}
