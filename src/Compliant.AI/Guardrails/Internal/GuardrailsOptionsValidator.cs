using Microsoft.Extensions.Options;

namespace Compliant.AI.Guardrails.Internal;

/// <summary>Validates <see cref="GuardrailsOptions"/> (DataAnnotations, source-generated).</summary>
[OptionsValidator]
internal sealed partial class GuardrailsOptionsValidator : IValidateOptions<GuardrailsOptions>
{
    public static void ThrowIfInvalid(GuardrailsOptions options)
    {
        ValidateOptionsResult result = new GuardrailsOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(string.Empty, typeof(GuardrailsOptions), result.Failures);
        }
    }
}
