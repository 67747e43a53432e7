using System.Diagnostics;
using Compliant.AI.Internal;
using Microsoft.Extensions.Logging;

namespace Compliant.AI.Tools.Internal;

/// <summary>
/// Reports one tool-policy decision once: audit verdict, metric, span event and log, with the same names everywhere —
/// tool name, outcome and reason code; the approver's id only in the audit record; never argument values.
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

        if (activity is not null)
        {
            activity.AddEvent(new ActivityEvent(CompliantTelemetry.ToolPolicy.DecisionEventName, tags: new ActivityTagsCollection
            {
                [CompliantTelemetry.ToolPolicy.ToolName] = toolName,
                [CompliantTelemetry.ToolPolicy.Outcome] = outcome,
                [CompliantTelemetry.ToolPolicy.Reason] = reason,
            }));
            if (IsRefusal(outcome))
            {
                activity.SetTag(CompliantTelemetry.Tags.GuardrailDecision, "blocked");
                activity.SetTag(CompliantTelemetry.Tags.GuardrailReason, reason);
            }
        }

        AuditScope? audit = AuditScope.Current;
        if (audit is not null)
        {
            var details = new Dictionary<string, string>(StringComparer.Ordinal) { ["tool"] = toolName, ["reason"] = reason };
            if (approverId is not null)
            {
                details["approver"] = approverId;
            }

            audit.AddVerdict(new AuditVerdict(ToolPolicyReasons.StageName, Decision(outcome), outcome) { Details = details });
            audit.Increment($"tool_policy.{outcome}");
        }

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

    private static bool IsRefusal(string outcome) =>
        outcome is ToolPolicyReasons.Denied or ToolPolicyReasons.DeniedByApprover or ToolPolicyReasons.Expired;

    private static AuditDecision Decision(string outcome) => outcome switch
    {
        ToolPolicyReasons.Allowed or ToolPolicyReasons.Approved => AuditDecision.Allow,
        ToolPolicyReasons.ApprovalRequired => AuditDecision.Modify,
        _ => AuditDecision.Deny,
    };
}
