using System.ComponentModel;
using Compliant.AI;
using Microsoft.Extensions.AI;

namespace IncidentSummarizer;

/// <summary>
/// The remediation actions the model may propose: restart a service, roll back a deploy, page the on-call engineer.
/// Each is an <see cref="ApprovalRequiredAIFunction"/>, so <c>UseFunctionInvocation()</c> never runs one on the
/// model's say-so: it returns a <see cref="ToolApprovalRequestContent"/> and runs the call only when the caller sends
/// back an approving <see cref="ToolApprovalResponseContent"/>. In this sample the actions are simulated (recorded,
/// not performed); replace the bodies with your runbook automation.
/// </summary>
public sealed class RemediationTools
{
    /// <summary>The short names accepted by <c>--approve</c>, mapped to the tool names.</summary>
    public static readonly IReadOnlyDictionary<string, string> ShortNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["restart"] = RestartServiceName,
        ["rollback"] = RollbackDeployName,
        ["page"] = PageOnCallName,
    };

    public const string RestartServiceName = "restart_service";
    public const string RollbackDeployName = "rollback_deploy";
    public const string PageOnCallName = "page_oncall";

    private readonly List<ExecutedAction> _executed = [];

    public RemediationTools()
    {
        Tools =
        [
            new ApprovalRequiredAIFunction(AIFunctionFactory.Create(RestartService, RestartServiceName, "Restart every instance of a service (rolling restart).")),
            new ApprovalRequiredAIFunction(AIFunctionFactory.Create(RollbackDeploy, RollbackDeployName, "Roll a service back to the release before the given deploy event.")),
            new ApprovalRequiredAIFunction(AIFunctionFactory.Create(PageOnCall, PageOnCallName, "Page the on-call engineer of a service's team.")),
        ];
    }

    /// <summary>Gets the tools to put in <see cref="ChatOptions.Tools"/>.</summary>
    public IList<AITool> Tools { get; }

    /// <summary>Gets the actions that ran, in order.</summary>
    public IReadOnlyList<ExecutedAction> Executed
    {
        get
        {
            lock (_executed)
            {
                return _executed.ToArray();
            }
        }
    }

    private string RestartService([Description("The service to restart, e.g. payments-api.")] string service) =>
        Run(RestartServiceName, service, $"rolling restart of {service} started (simulated)");

    private string RollbackDeploy(
        [Description("The service to roll back.")] string service,
        [Description("The id of the deploy event to undo, e.g. e03.")] string deployEventId) =>
        Run(RollbackDeployName, service, $"rollback of {service} (undoing deploy {deployEventId}) started (simulated)");

    private string PageOnCall(
        [Description("The service whose team is paged.")] string service,
        [Description("Severity: high, medium or low.")] string severity) =>
        Run(PageOnCallName, service, $"paged on-call for {service} at severity {severity} (simulated)");

    private string Run(string tool, string service, string result)
    {
        lock (_executed)
        {
            _executed.Add(new ExecutedAction(tool, service, result));
        }

        // The execution goes on the same audit record as the approval that allowed it.
        AuditScope.Current?.AddVerdict(new AuditVerdict("remediation", AuditDecision.Allow, "executed")
        {
            Details = new Dictionary<string, string>(StringComparer.Ordinal) { ["tool"] = tool, ["service"] = service },
        });
        return result;
    }
}
