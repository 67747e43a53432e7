using Microsoft.Extensions.Options;

namespace Compliant.AI.Internal;

/// <summary>Runs <see cref="AuditOptionsValidator.ValidateRanges"/> as an <see cref="IValidateOptions{TOptions}"/>.</summary>
internal sealed class AuditRangeValidator : IValidateOptions<AuditOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditOptions options) => AuditOptionsValidator.ValidateRanges(options);
}
