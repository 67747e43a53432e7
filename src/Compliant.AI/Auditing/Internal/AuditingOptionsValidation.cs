using Microsoft.Extensions.Options;

namespace Compliant.AI.Auditing.Internal;

/// <summary>
/// Validates <see cref="AuditingOptions"/>: the data annotations (<see cref="AuditingOptionsValidator"/>, source-generated) and
/// the ranges and enum values attributes cannot express trim-safely (<see cref="AuditingOptionsValidator.ValidateRanges"/>).
/// </summary>
internal sealed class AuditingOptionsValidation : IValidateOptions<AuditingOptions>
{
    private static readonly AuditingOptionsValidator Annotations = new();

    public static AuditingOptionsValidation Instance { get; } = new();

    public ValidateOptionsResult Validate(string? name, AuditingOptions options)
    {
        ValidateOptionsResult annotations = Annotations.Validate(name, options);
        ValidateOptionsResult ranges = AuditingOptionsValidator.ValidateRanges(options);
        if (!annotations.Failed)
        {
            return ranges;
        }

        return ranges.Failed ? ValidateOptionsResult.Fail([.. annotations.Failures ?? [], .. ranges.Failures ?? []]) : annotations;
    }
}
