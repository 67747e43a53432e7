using System.Globalization;
using Compliant.AI.Grounding.Internal;
using Microsoft.Extensions.Options;

namespace Compliant.AI.PromptVersions.Internal;

/// <summary>
/// Validates <see cref="PromptVersionsOptions"/>. Hand-written: the rules span a dictionary of templates and each template's
/// versions, which DataAnnotations cannot express. Messages name templates and versions, never template text.
/// </summary>
internal sealed class PromptVersionsOptionsValidator : IValidateOptions<PromptVersionsOptions>
{
    public static void ThrowIfInvalid(PromptVersionsOptions options)
    {
        ValidateOptionsResult result = new PromptVersionsOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(string.Empty, typeof(PromptVersionsOptions), result.Failures);
        }
    }

    public ValidateOptionsResult Validate(string? name, PromptVersionsOptions options)
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(options.RolloutBy))
        {
            failures.Add($"{nameof(PromptVersionsOptions.RolloutBy)} must be {nameof(PromptRolloutKey.Tenant)} or {nameof(PromptRolloutKey.User)}.");
        }

        foreach ((string templateName, PromptTemplateOptions template) in options.Templates)
        {
            string where = $"Prompt template '{templateName}'";
            if (string.IsNullOrWhiteSpace(templateName))
            {
                failures.Add("A prompt template name must not be empty.");
                continue;
            }

            if (template is null || template.Versions.Count == 0)
            {
                failures.Add($"{where} must have at least one version in {nameof(PromptTemplateOptions.Versions)}.");
                continue;
            }

            foreach ((string version, string text) in template.Versions)
            {
                if (string.IsNullOrWhiteSpace(version))
                {
                    failures.Add($"{where} has a version with an empty label.");
                }
                else if (string.IsNullOrWhiteSpace(text))
                {
                    failures.Add($"{where}, version '{version}', has no text.");
                }
                else if (templateName == PromptNames.Grounding && !text.Contains(SourceBlock.SourcesPlaceholder, StringComparison.Ordinal))
                {
                    failures.Add($"{where}, version '{version}', must contain the placeholder {SourceBlock.SourcesPlaceholder}.");
                }
            }

            if (string.IsNullOrEmpty(template.Active))
            {
                if (template.Versions.Count != 1)
                {
                    failures.Add($"{where} has {template.Versions.Count.ToString(CultureInfo.InvariantCulture)} versions: set {nameof(PromptTemplateOptions.Active)} to one of them.");
                }
            }
            else if (!template.Versions.ContainsKey(template.Active))
            {
                failures.Add($"{where}: {nameof(PromptTemplateOptions.Active)} version '{template.Active}' is not among its versions.");
            }

            if (!string.IsNullOrEmpty(template.Candidate))
            {
                if (!template.Versions.ContainsKey(template.Candidate))
                {
                    failures.Add($"{where}: {nameof(PromptTemplateOptions.Candidate)} version '{template.Candidate}' is not among its versions.");
                }
                else if (string.Equals(template.Candidate, ActiveOf(template), StringComparison.Ordinal))
                {
                    failures.Add($"{where}: {nameof(PromptTemplateOptions.Candidate)} must differ from the active version.");
                }
            }

            if (double.IsNaN(template.CanaryPercent) || template.CanaryPercent < 0 || template.CanaryPercent > 100)
            {
                failures.Add($"{where}: {nameof(PromptTemplateOptions.CanaryPercent)} must be between 0 and 100.");
            }
            else if (template.CanaryPercent > 0 && string.IsNullOrEmpty(template.Candidate))
            {
                failures.Add($"{where}: {nameof(PromptTemplateOptions.CanaryPercent)} is above 0 but no {nameof(PromptTemplateOptions.Candidate)} is set.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The active version: <see cref="PromptTemplateOptions.Active"/>, or the only version.</summary>
    public static string? ActiveOf(PromptTemplateOptions template) =>
        !string.IsNullOrEmpty(template.Active) ? template.Active : template.Versions.Count == 1 ? template.Versions.Keys.First() : null;
}
