using System.Diagnostics;
using Compliant.AI.Internal;
using Microsoft.Extensions.Logging;

namespace Compliant.AI.Tools.Internal;

/// <summary>
/// Reports one tool-policy decision: the decision through <see cref="StageReporter"/> (span attributes, the stage-decisions
/// metric, audit verdict, log 1010), and the stage's own detail beside it (the tool-decisions metric and span event with the
/// tool name, outcome and reason code; log 1540-1543); the approver's id only in the audit record; never argument values.
/// </summary>
internal sealed class ToolPolicyReporter(ILogger logger)
{
    public void Report(string outcome, string toolName, string reason, Activity? activity, string? approverId = null)
    {
        CompliantTelemetry.ToolPolicy.Decisions.Add(1, new TagList
        {
            { CompliantTelemetry.ToolPolicy.ToolName, toolName },
            { CompliantTelemetry.ToolPolicy.Outcome, outcome },
            { CompliantTelemetry.ToolPolicy.Reason, reason },
        });

        // The tool, outcome and reason of this call, whatever decision the span ends with.
        activity?.AddEvent(new ActivityEvent(CompliantTelemetry.ToolPolicy.DecisionEventName, tags: new ActivityTagsCollection
        {
            [CompliantTelemetry.ToolPolicy.ToolName] = toolName,
            [CompliantTelemetry.ToolPolicy.Outcome] = outcome,
            [CompliantTelemetry.ToolPolicy.Reason] = reason,
        }));

        AuditScope? audit = AuditScope.Current;
        Dictionary<string, string>? details = null;
        if (audit is not null)
        {
            details = new Dictionary<string, string>(StringComparer.Ordinal) { ["tool"] = toolName, ["reason"] = reason };
            if (approverId is not null)
            {
                details["approver"] = approverId;
            }
        }

        // The decision, under the outcome's name as its reason code (the policy's reason is in the details and the event).
        StageReporter.Report(new StageEvent(ToolPolicyReasons.StageName, Decision(outcome), outcome) { Details = details }, activity, logger);
        audit?.Increment($"tool_policy.{outcome}");

        switch (outcome)
        {
            case ToolPolicyReasons.Denied:
                ToolPolicyLog.Denied(logger, toolName, reason);
                break;
            case ToolPolicyReasons.Allowed:
                ToolPolicyLog.Allowed(logger, toolName, reason);
                break;
            case ToolPolicyReasons.ApprovalRequired:
                ToolPolicyLog.ApprovalRequired(logger, toolName, reason);
                break;
            default:
                ToolPolicyLog.ApprovalDecided(logger, toolName, outcome);
                break;
        }
    }

    private static AuditDecision Decision(string outcome) => outcome switch
    {
        ToolPolicyReasons.Allowed or ToolPolicyReasons.Approved => AuditDecision.Allow,
        ToolPolicyReasons.ApprovalRequired => AuditDecision.Modify,
        _ => AuditDecision.Deny,
    };
}
