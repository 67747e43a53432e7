namespace Compliant.AI;

/// <summary>The outcomes and reason codes the tool-policy stage writes to audit verdicts, spans, metrics and exceptions.</summary>
public static class ToolPolicyReasons
{
    /// <summary>The stage name of the verdicts (<c>tool_policy</c>).</summary>
    public const string StageName = "tool_policy";

    /// <summary>Outcome: the call may run.</summary>
    public const string Allowed = "allowed";

    /// <summary>Outcome: the call was denied by the policy.</summary>
    public const string Denied = "denied";

    /// <summary>Outcome: the call waits for a human decision (a <c>ToolApprovalRequestContent</c> went to the host).</summary>
    public const string ApprovalRequired = "approval_required";

    /// <summary>Outcome: an approver allowed the call.</summary>
    public const string Approved = "approved";

    /// <summary>Outcome: an approver refused the call.</summary>
    public const string DeniedByApprover = "denied_by_approver";

    /// <summary>Outcome: the approval came too late, or could not be matched to its request.</summary>
    public const string Expired = "expired";

    /// <summary>Reason: the tool has no policy and unlisted tools are denied.</summary>
    public const string NotListed = "not_listed";

    /// <summary>Reason: the caller holds none of the policy's roles.</summary>
    public const string Role = "role";

    /// <summary>Reason: the caller belongs to none of the policy's groups.</summary>
    public const string Group = "group";

    /// <summary>Reason: the caller's tenant is not allowed.</summary>
    public const string Tenant = "tenant";

    /// <summary>Reason: the caller's purpose of use is not allowed.</summary>
    public const string Purpose = "purpose";

    /// <summary>Reason: the arguments do not satisfy the argument schema.</summary>
    public const string ArgumentSchema = "argument_schema";

    /// <summary>Reason: an argument's value is not in its allow-list.</summary>
    public const string ArgumentNotAllowed = "argument_not_allowed";

    /// <summary>Reason: the user's rate limit for the tool is used up.</summary>
    public const string RateLimitCaller = "rate_limit_caller";

    /// <summary>Reason: the tenant's rate limit for the tool is used up.</summary>
    public const string RateLimitTenant = "rate_limit_tenant";

    /// <summary>Reason: the policy requires approval for every call.</summary>
    public const string RequiresApproval = "approval_required";

    /// <summary>Reason: an approval condition on the arguments matched.</summary>
    public const string ApprovalThreshold = "approval_threshold";

    /// <summary>Reason: the call needs approval and none was given for it in this request.</summary>
    public const string ApprovalMissing = "approval_missing";

    /// <summary>Reason: no policy check was needed (the tool is unlisted and unlisted tools are allowed).</summary>
    public const string Unchecked = "unchecked";

    /// <summary>Reason: every check passed.</summary>
    public const string PolicyPassed = "policy_passed";
}
