namespace Compliant.AI;

/// <summary>Which part of the caller decides, stably, whether the caller is in a prompt's canary.</summary>
public enum PromptRolloutKey
{
    /// <summary>The caller's tenant (<see cref="CallerContext.TenantId"/>), else the user: a whole tenant moves together.</summary>
    Tenant,

    /// <summary>The caller's user id (<see cref="CallerContext.UserId"/>), else the tenant.</summary>
    User,
}
