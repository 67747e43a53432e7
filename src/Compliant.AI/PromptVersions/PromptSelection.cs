using Microsoft.Extensions.AI;

namespace Compliant.AI;

/// <summary>The version of one prompt template selected for one interaction.</summary>
/// <remarks>
/// <see cref="PromptVersionsChatClient"/> passes the selections of an interaction to the stages inside it through
/// <c>ChatOptions.AdditionalProperties</c> (<see cref="AdditionalPropertiesKey"/>); the caller boundary of
/// <c>UseCompliance()</c> removes them before the provider. Instances are immutable.
/// </remarks>
public sealed class PromptSelection
{
    /// <summary>The key under which an interaction's selections (a <c>PromptSelection[]</c>) are stored in <c>ChatOptions.AdditionalProperties</c>.</summary>
    public const string AdditionalPropertiesKey = "compliant_ai.prompts";

    internal PromptSelection(string name, string version, string hash, string text, bool isCandidate)
    {
        Name = name;
        Version = version;
        Hash = hash;
        Text = text;
        IsCandidate = isCandidate;
    }

    /// <summary>Gets the template's name.</summary>
    public string Name { get; }

    /// <summary>Gets the selected version label.</summary>
    public string Version { get; }

    /// <summary>Gets the content hash of <see cref="Text"/>: <c>sha256:</c> and 64 lowercase hexadecimal digits.</summary>
    public string Hash { get; }

    /// <summary>Gets the template text.</summary>
    public string Text { get; }

    /// <summary>Gets a value indicating whether this is the canary candidate rather than the active version.</summary>
    public bool IsCandidate { get; }

    /// <summary>Finds the selection of the named template in the options of the current interaction.</summary>
    /// <param name="options">The chat options a stage received.</param>
    /// <param name="name">The template name, for example <see cref="PromptNames.System"/>.</param>
    /// <returns>The selection, or <see langword="null"/> when no prompt stage selected that template.</returns>
    public static PromptSelection? Find(ChatOptions? options, string name)
    {
        if (options?.AdditionalProperties?.TryGetValue(AdditionalPropertiesKey, out object? value) is true && value is PromptSelection[] selections)
        {
            foreach (PromptSelection selection in selections)
            {
                if (string.Equals(selection.Name, name, StringComparison.Ordinal))
                {
                    return selection;
                }
            }
        }

        return null;
    }

    /// <summary>Returns the audit form of this selection: name, version, hash and whether it is the candidate; never the text.</summary>
    /// <returns>The audit entry.</returns>
    public AuditPromptVersion ToAudit() => new(Name, Version, Hash) { Candidate = IsCandidate };

    /// <inheritdoc />
    public override string ToString() => $"{Name}@{Version} ({Hash})";
}
