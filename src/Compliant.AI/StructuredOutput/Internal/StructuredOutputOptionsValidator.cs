using Microsoft.Extensions.Options;

namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>Source-generated validator of <see cref="StructuredOutputOptions"/> (DataAnnotations, no reflection).</summary>
[OptionsValidator]
internal sealed partial class StructuredOutputOptionsValidator : IValidateOptions<StructuredOutputOptions>
{
    public static StructuredOutputOptionsValidator Instance { get; } = new();
}
