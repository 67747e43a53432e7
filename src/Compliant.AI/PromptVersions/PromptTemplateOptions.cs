namespace Compliant.AI;

/// <summary>One named prompt template: its versions, the active one, and an optional canary candidate.</summary>
/// <remarks>
/// Bound from <c>Compliant:Prompts:Templates:&lt;name&gt;</c>. A rollback is a configuration change: set
/// <see cref="Active"/> back to the earlier version, or <see cref="CanaryPercent"/> to 0. The next audited interaction
/// records the change (see <see cref="PromptVersionsChatClient"/>).
/// </remarks>
public sealed class PromptTemplateOptions
{
    /// <summary>Gets the versions of the template: version label to template text.</summary>
    /// <value>Empty by default; at least one version is required.</value>
    public Dictionary<string, string> Versions { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets the version served to every caller outside the canary.</summary>
    /// <value>The default is <see langword="null"/>, which is valid only when <see cref="Versions"/> holds exactly one version.</value>
    public string? Active { get; set; }

    /// <summary>Gets or sets the candidate version served to the canary share of callers, or <see langword="null"/> (or empty) for none.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Candidate { get; set; }

    /// <summary>Gets or sets the share of callers, in percent, that get <see cref="Candidate"/>; stable per caller.</summary>
    /// <value>The default is 0. Must be between 0 and 100; above 0 only with a <see cref="Candidate"/>.</value>
    public double CanaryPercent { get; set; }

    /// <summary>Creates a deep copy of these options.</summary>
    /// <returns>The copy.</returns>
    public PromptTemplateOptions Clone()
    {
        var copy = new PromptTemplateOptions { Active = Active, Candidate = Candidate, CanaryPercent = CanaryPercent };
        foreach (KeyValuePair<string, string> version in Versions)
        {
            copy.Versions[version.Key] = version.Value;
        }

        return copy;
    }
}
