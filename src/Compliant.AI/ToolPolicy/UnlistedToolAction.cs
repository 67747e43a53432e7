namespace Compliant.AI;

/// <summary>What the tool-policy stage does with a call of a tool that has no policy.</summary>
public enum UnlistedToolAction
{
    /// <summary>The call is denied (reason <c>not_listed</c>): every tool must be listed to run.</summary>
    Deny,

    /// <summary>The call runs unchecked (and is audited as allowed).</summary>
    Allow,
}
