using System.Runtime.CompilerServices;
using Compliant.AI;
using Microsoft.Extensions.AI;

namespace IncidentSummarizer;

/// <summary>
/// Records tool approvals on the interaction's audit record: one <c>tool_approval</c> verdict per proposed action
/// (<c>Modify</c>, reason <c>requested</c>) and per decision the caller sends back (<c>Allow</c> <c>approved</c> or
/// <c>Deny</c> <c>denied</c>), with the tool's name, the call id and the approver — the caller of the request that
/// carries the decision. Sits just inside auditing, outside <c>UseFunctionInvocation()</c>, so it sees the approval
/// contents the invoker exchanges with the caller.
/// </summary>
internal sealed class ApprovalAuditChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    public const string Stage = "tool_approval";

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        List<ChatMessage> list = messages as List<ChatMessage> ?? messages.ToList();
        RecordDecisions(list, options);
        ChatResponse response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        RecordRequests(response.Messages.SelectMany(m => m.Contents));
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<ChatMessage> list = messages as List<ChatMessage> ?? messages.ToList();
        RecordDecisions(list, options);
        await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(list, options, cancellationToken).ConfigureAwait(false))
        {
            RecordRequests(update.Contents);
            yield return update;
        }
    }

    private static void RecordDecisions(List<ChatMessage> messages, ChatOptions? options)
    {
        if (AuditScope.Current is not { } scope)
        {
            return;
        }

        // Decisions already answered in earlier turns were audited then: only the trailing user turn is new.
        string approver = options.GetCaller().UserId ?? "unknown";
        for (int i = messages.Count - 1; i >= 0 && messages[i].Role == ChatRole.User; i--)
        {
            foreach (ToolApprovalResponseContent decision in messages[i].Contents.OfType<ToolApprovalResponseContent>())
            {
                scope.AddVerdict(new AuditVerdict(Stage, decision.Approved ? AuditDecision.Allow : AuditDecision.Deny, decision.Approved ? "approved" : "denied")
                {
                    Details = Details(decision.ToolCall, approver, decision.Reason),
                });
            }
        }
    }

    private static void RecordRequests(IEnumerable<AIContent> contents)
    {
        if (AuditScope.Current is not { } scope)
        {
            return;
        }

        foreach (ToolApprovalRequestContent request in contents.OfType<ToolApprovalRequestContent>())
        {
            scope.AddVerdict(new AuditVerdict(Stage, AuditDecision.Modify, "requested") { Details = Details(request.ToolCall, approver: null, reason: null) });
        }
    }

    private static Dictionary<string, string> Details(ToolCallContent call, string? approver, string? reason)
    {
        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["tool"] = call is FunctionCallContent f ? f.Name : call.GetType().Name,
            ["call_id"] = call.CallId,
        };
        if (approver is not null)
        {
            details["approver"] = approver;
        }

        if (reason is not null)
        {
            details["reason"] = reason;
        }

        return details;
    }
}
