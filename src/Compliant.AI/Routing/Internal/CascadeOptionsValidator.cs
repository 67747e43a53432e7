using Microsoft.Extensions.Options;

namespace Compliant.AI.Routing.Internal;

/// <summary>Source-generated validator of <see cref="CascadeOptions"/> (DataAnnotations, no reflection).</summary>
[OptionsValidator]
internal sealed partial class CascadeOptionsValidator : IValidateOptions<CascadeOptions>
{
}
