using Microsoft.Extensions.Options;

namespace Compliant.AI.Retrieval.Internal;

/// <summary>Source-generated validation of the DataAnnotations on <see cref="VectorDataChunkStoreOptions"/> (no reflection).</summary>
[OptionsValidator]
internal sealed partial class VectorDataChunkStoreOptionsAnnotationsValidator : IValidateOptions<VectorDataChunkStoreOptions>;
