using Microsoft.Extensions.Options;

namespace Compliant.AI.Grounding.Internal;

/// <summary>Source-generated DataAnnotations validation of <see cref="GroundingOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class GroundingOptionsValidator : IValidateOptions<GroundingOptions>
{
}
