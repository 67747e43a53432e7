using Microsoft.Extensions.VectorData;

namespace Compliant.AI.Retrieval.Internal;

/// <summary>Turns a VectorData connector's score into a similarity where higher is better.</summary>
internal static class VectorDataScores
{
    public static bool IsSupported(string distanceFunction) => distanceFunction is
        DistanceFunction.CosineSimilarity or DistanceFunction.CosineDistance or
        DistanceFunction.DotProductSimilarity or DistanceFunction.NegativeDotProductSimilarity;

    /// <summary>Converts a score; a connector that reports none gets 0 (no evidence at the default thresholds).</summary>
    public static double ToSimilarity(string distanceFunction, double? score)
    {
        if (score is not { } value || !double.IsFinite(value))
        {
            return 0;
        }

        return distanceFunction switch
        {
            DistanceFunction.CosineDistance => 1 - value,
            DistanceFunction.NegativeDotProductSimilarity => -value,
            _ => value,
        };
    }
}
