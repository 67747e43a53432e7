namespace Compliant.AI;

/// <summary>True positives, false positives and false negatives of a detector, with the precision, recall and F-scores they give.</summary>
/// <param name="TruePositives">Units found and annotated.</param>
/// <param name="FalsePositives">Units found but not annotated (or annotated with another type).</param>
/// <param name="FalseNegatives">Units annotated but not found (or found with another type).</param>
/// <remarks>A ratio whose denominator is zero is <see cref="double.NaN"/> ("not applicable"), never 0 or 1: a gate on it fails closed.</remarks>
public readonly record struct DetectionCounts(long TruePositives, long FalsePositives, long FalseNegatives)
{
    /// <summary>Gets TP / (TP + FP), or <see cref="double.NaN"/> when nothing was found.</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>Gets TP / (TP + FN), or <see cref="double.NaN"/> when nothing was annotated.</summary>
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>Gets F2 = 5PR / (4P + R), which weighs recall four times as much as precision (a missed identifier leaks; an extra redaction costs little); 0 when P = R = 0.</summary>
    public double F2 => FBeta(2);

    /// <summary>Gets F1 = 2PR / (P + R).</summary>
    public double F1 => FBeta(1);

    /// <summary>Adds two sets of counts.</summary>
    /// <param name="left">The first counts.</param>
    /// <param name="right">The second counts.</param>
    /// <returns>The sums.</returns>
    public static DetectionCounts operator +(DetectionCounts left, DetectionCounts right) =>
        new(left.TruePositives + right.TruePositives, left.FalsePositives + right.FalsePositives, left.FalseNegatives + right.FalseNegatives);

    /// <summary>Adds two sets of counts.</summary>
    /// <param name="left">The first counts.</param>
    /// <param name="right">The second counts.</param>
    /// <returns>The sums.</returns>
    public static DetectionCounts Add(DetectionCounts left, DetectionCounts right) => left + right;

    private double FBeta(double beta)
    {
        double p = Precision, r = Recall;
        if (double.IsNaN(p) || double.IsNaN(r))
        {
            return double.NaN;
        }

        double b2 = beta * beta;
        return p + r == 0 ? 0 : (1 + b2) * p * r / ((b2 * p) + r);
    }

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? double.NaN : (double)numerator / denominator;
}
