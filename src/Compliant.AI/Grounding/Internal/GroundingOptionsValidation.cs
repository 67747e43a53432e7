using Microsoft.Extensions.Options;

namespace Compliant.AI.Grounding.Internal;

/// <summary>Validates <see cref="GroundingOptions"/>: the DataAnnotations plus the template placeholder and the enum values.</summary>
internal sealed class GroundingOptionsValidation : IValidateOptions<GroundingOptions>
{
    private static readonly GroundingOptionsValidator Annotations = new();

    public static GroundingOptionsValidation Instance { get; } = new();

    public ValidateOptionsResult Validate(string? name, GroundingOptions options)
    {
        ValidateOptionsResult annotations = Annotations.Validate(name, options);
        var failures = new List<string>();
        if (annotations.Failed)
        {
            failures.AddRange(annotations.Failures ?? []);
        }

        if (options.SourceBlockTemplate is { } template && !template.Contains(SourceBlock.SourcesPlaceholder, StringComparison.Ordinal))
        {
            failures.Add($"{nameof(GroundingOptions.SourceBlockTemplate)} must contain the placeholder {SourceBlock.SourcesPlaceholder}.");
        }

        if (!Enum.IsDefined(options.CitationMode))
        {
            failures.Add($"{nameof(GroundingOptions.CitationMode)} has an undefined value.");
        }

        if (!Enum.IsDefined(options.ViolationPolicy))
        {
            failures.Add($"{nameof(GroundingOptions.ViolationPolicy)} has an undefined value.");
        }

        if (!Enum.IsDefined(options.StreamingMode))
        {
            failures.Add($"{nameof(GroundingOptions.StreamingMode)} has an undefined value.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
