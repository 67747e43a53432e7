using System.ComponentModel.DataAnnotations;

namespace Compliant.AI;

/// <summary>Options of the tool-policy stage: one <see cref="ToolPolicy"/> per tool name and what happens to tools not listed.</summary>
/// <remarks>
/// Bound from the configuration section <c>Compliant:ToolPolicy</c> by <c>AddToolPolicy()</c>, for example:
/// <code>
/// "Compliant": { "ToolPolicy": {
///   "UnlistedTools": "Deny",
///   "Tools": { "refund_payment": {
///     "Roles": [ "billing-agent" ], "Tenants": [ "bank-eu" ], "Purposes": [ "OPERATIONS" ],
///     "ArgumentSchema": "{\"type\":\"object\",\"required\":[\"amount\"],\"properties\":{\"amount\":{\"type\":\"number\",\"maximum\":5000}}}",
///     "AllowedValues": { "currency": [ "EUR", "USD" ] },
///     "RateLimit": { "PerCaller": 5, "PerTenant": 100, "Window": "00:01:00" },
///     "ApprovalWhen": [ { "Argument": "amount", "GreaterThan": 1000 } ] } } } }
/// </code>
/// Tool names are matched ordinally (case-sensitive), as model APIs do.
/// </remarks>
public sealed class ToolPolicyOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Compliant:ToolPolicy";

    /// <summary>Gets the policy of each tool, keyed by tool name.</summary>
    /// <value>The default is empty.</value>
    public IDictionary<string, ToolPolicy> Tools { get; } = new Dictionary<string, ToolPolicy>(StringComparer.Ordinal);

    /// <summary>Gets or sets what happens to a call of a tool that has no entry in <see cref="Tools"/>.</summary>
    /// <value>The default is <see cref="UnlistedToolAction.Deny"/> (fail closed).</value>
    public UnlistedToolAction UnlistedTools { get; set; } = UnlistedToolAction.Deny;

    /// <summary>Gets or sets a value indicating whether a denied call ends the request with a <see cref="ToolCallDeniedException"/> instead of returning a denial to the model.</summary>
    /// <value>The default is <see langword="false"/>: the model receives <see cref="DenialText"/> as the call's result and may continue.</value>
    public bool ThrowOnDenial { get; set; }

    /// <summary>Gets or sets the result the model receives for a denied call; <c>{reason}</c> is replaced by the reason code.</summary>
    /// <value>The default says that policy denied the call and names the reason code; it never holds argument values.</value>
    [Required]
    public string DenialText { get; set; } = "The tool call was denied by policy ({reason}).";

    /// <summary>Gets or sets how long an approval request stays valid; an approval given later counts as expired.</summary>
    /// <value>The default is 15 minutes.</value>
    public TimeSpan ApprovalTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Returns a deep copy of these options.</summary>
    /// <returns>A new instance with the same values.</returns>
    public ToolPolicyOptions Clone()
    {
        var copy = new ToolPolicyOptions
        {
            UnlistedTools = UnlistedTools,
            ThrowOnDenial = ThrowOnDenial,
            DenialText = DenialText,
            ApprovalTimeout = ApprovalTimeout,
        };
        foreach (KeyValuePair<string, ToolPolicy> tool in Tools)
        {
            copy.Tools[tool.Key] = tool.Value?.Clone()!;
        }

        return copy;
    }
}
