using Microsoft.Extensions.Options;

namespace Compliant.AI.Internal;

/// <summary>Source-generated validation of the DataAnnotations on <see cref="QdrantOptions"/> (no reflection).</summary>
[OptionsValidator]
internal sealed partial class QdrantOptionsAnnotationsValidator : IValidateOptions<QdrantOptions>;
