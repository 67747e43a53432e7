using Microsoft.Extensions.Options;

namespace Compliant.AI.Resilience.Internal;

/// <summary>Source-generated data-annotation validator of <see cref="ResilienceOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class ResilienceOptionsValidator : IValidateOptions<ResilienceOptions>
{
}
