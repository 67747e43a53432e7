using Microsoft.Extensions.Options;

namespace Compliant.AI.Tools.Internal;

/// <summary>Source-generated data-annotation validator of <see cref="ToolPolicyOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class ToolPolicyOptionsValidator : IValidateOptions<ToolPolicyOptions>
{
}
