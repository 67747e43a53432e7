namespace Compliant.AI;

/// <summary>A tool call that its policy holds for approval, as shown to an <see cref="IToolApprover"/>.</summary>
/// <remarks><see cref="Arguments"/> may hold personal data: show them to the approver, never log or trace them.</remarks>
public sealed class ToolApprovalRequest
{
    /// <summary>Initializes a new instance of the <see cref="ToolApprovalRequest"/> class.</summary>
    /// <param name="toolName">The name of the tool.</param>
    /// <param name="callId">The id of the tool call.</param>
    /// <param name="arguments">The arguments the model proposed.</param>
    /// <param name="caller">Who is asking.</param>
    /// <param name="reason">Why approval is needed: <c>approval_required</c> or <c>approval_threshold</c>.</param>
    /// <param name="expiresAt">When the request expires.</param>
    public ToolApprovalRequest(string toolName, string callId, IReadOnlyDictionary<string, object?> arguments, CallerContext caller, string reason, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(toolName);
        ArgumentNullException.ThrowIfNull(callId);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ToolName = toolName;
        CallId = callId;
        Arguments = arguments;
        Caller = caller;
        Reason = reason;
        ExpiresAt = expiresAt;
    }

    /// <summary>Gets the name of the tool.</summary>
    public string ToolName { get; }

    /// <summary>Gets the id of the tool call.</summary>
    public string CallId { get; }

    /// <summary>Gets the arguments the model proposed (may hold personal data).</summary>
    public IReadOnlyDictionary<string, object?> Arguments { get; }

    /// <summary>Gets who is asking.</summary>
    public CallerContext Caller { get; }

    /// <summary>Gets why approval is needed: <c>approval_required</c> (always) or <c>approval_threshold</c> (an argument condition matched).</summary>
    public string Reason { get; }

    /// <summary>Gets when the request expires; a decision after this instant counts as expired.</summary>
    public DateTimeOffset ExpiresAt { get; }
}
