namespace Compliant.AI;

/// <summary>Who may call one tool, with which arguments, how often, and when a human must approve.</summary>
/// <remarks>
/// Each non-empty list is one requirement and all of them must hold: the caller holds one of <see cref="Roles"/>, belongs
/// to one of <see cref="Groups"/>, acts for one of <see cref="Tenants"/> and declares one of <see cref="Purposes"/>. An
/// empty list does not restrict. Values are compared ordinally.
/// </remarks>
public sealed class ToolPolicy
{
    /// <summary>Gets the roles allowed to call the tool (any one suffices).</summary>
    /// <value>The default is empty: no role required.</value>
    public IList<string> Roles { get; } = new List<string>();

    /// <summary>Gets the groups allowed to call the tool (membership of any one suffices).</summary>
    /// <value>The default is empty: no group required.</value>
    public IList<string> Groups { get; } = new List<string>();

    /// <summary>Gets the tenants allowed to call the tool.</summary>
    /// <value>The default is empty: any tenant.</value>
    public IList<string> Tenants { get; } = new List<string>();

    /// <summary>Gets the purposes of use for which the tool may be called.</summary>
    /// <value>The default is empty: any purpose.</value>
    public IList<string> Purposes { get; } = new List<string>();

    /// <summary>Gets or sets a JSON Schema (text) the call's arguments, as one JSON object, must satisfy.</summary>
    /// <value>The default is <see langword="null"/>: no schema.</value>
    /// <remarks>Compiled once, at start-up, by the library's <see cref="JsonSchemaValidator"/>; an invalid schema fails options validation.</remarks>
    public string? ArgumentSchema { get; set; }

    /// <summary>Gets the allowed values of each argument, keyed by argument name; a present argument whose value is not listed is denied.</summary>
    /// <value>The default is empty.</value>
    /// <remarks>A string argument is compared as is; a number or boolean by its JSON text (<c>42</c>, <c>true</c>).</remarks>
    public IDictionary<string, IList<string>> AllowedValues { get; } = new Dictionary<string, IList<string>>(StringComparer.Ordinal);

    /// <summary>Gets or sets the call rate limits of the tool.</summary>
    /// <value>The default is <see langword="null"/>: no rate limit.</value>
    public ToolRateLimit? RateLimit { get; set; }

    /// <summary>Gets or sets a value indicating whether every call of the tool needs approval.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool RequireApproval { get; set; }

    /// <summary>Gets the argument conditions under which a call needs approval (any one matching suffices).</summary>
    /// <value>The default is empty.</value>
    public IList<ToolApprovalCondition> ApprovalWhen { get; } = new List<ToolApprovalCondition>();

    /// <summary>Gets a value indicating whether some calls of the tool may need approval.</summary>
    internal bool MayNeedApproval => RequireApproval || ApprovalWhen.Count > 0;

    /// <summary>Returns a deep copy of this policy.</summary>
    /// <returns>A new instance with the same values.</returns>
    public ToolPolicy Clone()
    {
        var copy = new ToolPolicy
        {
            ArgumentSchema = ArgumentSchema,
            RateLimit = RateLimit is null ? null : new ToolRateLimit { PerCaller = RateLimit.PerCaller, PerTenant = RateLimit.PerTenant, Window = RateLimit.Window },
            RequireApproval = RequireApproval,
        };
        Copy(Roles, copy.Roles);
        Copy(Groups, copy.Groups);
        Copy(Tenants, copy.Tenants);
        Copy(Purposes, copy.Purposes);
        foreach (KeyValuePair<string, IList<string>> allowed in AllowedValues)
        {
            copy.AllowedValues[allowed.Key] = allowed.Value is null ? null! : [.. allowed.Value];
        }

        foreach (ToolApprovalCondition condition in ApprovalWhen)
        {
            copy.ApprovalWhen.Add(condition is null ? null! : new ToolApprovalCondition
            {
                Argument = condition.Argument,
                GreaterThan = condition.GreaterThan,
                LessThan = condition.LessThan,
                EqualTo = condition.EqualTo,
            });
        }

        return copy;
    }

    private static void Copy(IList<string> from, IList<string> to)
    {
        foreach (string value in from)
        {
            to.Add(value);
        }
    }
}
