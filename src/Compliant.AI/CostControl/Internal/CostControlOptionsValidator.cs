using Microsoft.Extensions.Options;

namespace Compliant.AI.CostControl.Internal;

/// <summary>Source-generated data-annotation validator of <see cref="CostControlOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class CostControlOptionsValidator : IValidateOptions<CostControlOptions>
{
}
