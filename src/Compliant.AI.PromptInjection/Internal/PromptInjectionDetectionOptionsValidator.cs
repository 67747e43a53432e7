using Microsoft.Extensions.Options;

namespace Compliant.AI.PromptInjection.Internal;

/// <summary>Validates <see cref="PromptInjectionDetectionOptions"/> (DataAnnotations, source-generated).</summary>
[OptionsValidator]
internal sealed partial class PromptInjectionDetectionOptionsValidator : IValidateOptions<PromptInjectionDetectionOptions>
{
    public static void ThrowIfInvalid(PromptInjectionDetectionOptions options)
    {
        ValidateOptionsResult result = new PromptInjectionDetectionOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(string.Empty, typeof(PromptInjectionDetectionOptions), result.Failures);
        }
    }
}
