using Microsoft.Extensions.Options;

namespace Compliant.AI.Resilience.Internal;

/// <summary>Source-generated data-annotation validator of <see cref="ChatResilienceOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class ChatResilienceOptionsValidator : IValidateOptions<ChatResilienceOptions>
{
}
