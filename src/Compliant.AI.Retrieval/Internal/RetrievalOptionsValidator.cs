using Microsoft.Extensions.Options;

namespace Compliant.AI.Retrieval.Internal;

/// <summary>Source-generated validator for <see cref="RetrievalOptions"/> (no reflection; trim- and AOT-safe).</summary>
[OptionsValidator]
internal sealed partial class RetrievalOptionsValidator : IValidateOptions<RetrievalOptions>
{
}
