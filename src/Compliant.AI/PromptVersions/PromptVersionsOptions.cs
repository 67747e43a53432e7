namespace Compliant.AI;

/// <summary>Options for versioned prompt templates; bound from the configuration section <c>Compliant:Prompts</c>.</summary>
/// <remarks>
/// <para>Each template is served by <see cref="PromptVersionsChatClient"/>. Two names are understood by the library:
/// <see cref="PromptNames.System"/> (the system instructions, <c>ChatOptions.Instructions</c>) and
/// <see cref="PromptNames.Grounding"/> (the grounding stage's source-block template, which must contain <c>{sources}</c>).
/// Other names are selected and audited too, and read by the application through <see cref="PromptSelection.Find"/>.</para>
/// <para>Template text is never logged, traced or audited: only names, versions and content hashes.</para>
/// </remarks>
public sealed class PromptVersionsOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Compliant:Prompts";

    /// <summary>Gets the templates by name.</summary>
    /// <value>Empty by default: the stage then changes nothing.</value>
    public Dictionary<string, PromptTemplateOptions> Templates { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets which part of the caller places them in or out of a canary.</summary>
    /// <value>The default is <see cref="PromptRolloutKey.Tenant"/>. A caller with neither tenant nor user id always gets the active version.</value>
    public PromptRolloutKey RolloutBy { get; set; } = PromptRolloutKey.Tenant;

    /// <summary>Creates a deep copy of these options.</summary>
    /// <returns>The copy.</returns>
    public PromptVersionsOptions Clone()
    {
        var copy = new PromptVersionsOptions { RolloutBy = RolloutBy };
        foreach (KeyValuePair<string, PromptTemplateOptions> template in Templates)
        {
            copy.Templates[template.Key] = template.Value.Clone();
        }

        return copy;
    }
}
