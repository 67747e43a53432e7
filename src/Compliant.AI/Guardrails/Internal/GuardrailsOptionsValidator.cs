using Microsoft.Extensions.Options;

namespace Compliant.AI.Guardrails.Internal;

/// <summary>Validates <see cref="GuardrailsOptions"/> (DataAnnotations, source-generated).</summary>
[OptionsValidator]
internal sealed partial class GuardrailsOptionsValidator : IValidateOptions<GuardrailsOptions>
{
    public static GuardrailsOptionsValidator Instance { get; } = new();
}
