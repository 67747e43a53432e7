using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;

namespace Compliant.AI.Retrieval.Internal;

/// <summary>Validates <see cref="VectorDataChunkStoreOptions"/>: the DataAnnotations plus the rules attributes cannot express trim-safely.</summary>
internal sealed class VectorDataChunkStoreOptionsValidator : IValidateOptions<VectorDataChunkStoreOptions>
{
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);
    private readonly VectorDataChunkStoreOptionsAnnotationsValidator _annotations = new();

    public ValidateOptionsResult Validate(string? name, VectorDataChunkStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        builder.AddResult(_annotations.Validate(name, options));
        if (options.DistanceFunction is not null && !VectorDataScores.IsSupported(options.DistanceFunction))
        {
            builder.AddError(
                $"The distance function must be {DistanceFunction.CosineSimilarity}, {DistanceFunction.CosineDistance}, {DistanceFunction.DotProductSimilarity} or {DistanceFunction.NegativeDotProductSimilarity}.",
                nameof(VectorDataChunkStoreOptions.DistanceFunction));
        }

        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > MaxTimeout)
        {
            builder.AddError("The request timeout must be positive and at most one hour.", nameof(VectorDataChunkStoreOptions.RequestTimeout));
        }

        return builder.Build();
    }
}
