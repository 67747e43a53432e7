using Microsoft.Extensions.Options;

namespace Compliant.AI.Pii.Internal;

/// <summary>Validates <see cref="PiiDetectionOptions"/> (DataAnnotations, source-generated).</summary>
[OptionsValidator]
internal sealed partial class PiiDetectionOptionsValidator : IValidateOptions<PiiDetectionOptions>
{
}
