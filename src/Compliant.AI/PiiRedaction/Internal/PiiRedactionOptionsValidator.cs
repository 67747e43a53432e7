using Microsoft.Extensions.Options;

namespace Compliant.AI.PiiRedaction.Internal;

/// <summary>Validates <see cref="PiiRedactionOptions"/> data annotations (source-generated, trim- and AOT-safe).</summary>
[OptionsValidator]
internal sealed partial class PiiRedactionOptionsValidator : IValidateOptions<PiiRedactionOptions>
{
}
