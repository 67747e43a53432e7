using Microsoft.Extensions.Options;

namespace Compliant.AI.Cascade.Internal;

/// <summary>Source-generated validator of <see cref="CascadeOptions"/> (DataAnnotations, no reflection).</summary>
[OptionsValidator]
internal sealed partial class CascadeOptionsValidator : IValidateOptions<CascadeOptions>
{
    public static CascadeOptionsValidator Instance { get; } = new();
}
