namespace Compliant.AI;

/// <summary>Percentiles by the nearest-rank method: the smallest value such that at least p % of the values are at or below it.</summary>
/// <remarks>No interpolation: the result is always one of the observed values, so ties and small samples give stable, hand-checkable figures.</remarks>
public static class Percentiles
{
    /// <summary>Returns the nearest-rank percentile of <paramref name="values"/>, ignoring <see cref="double.NaN"/>.</summary>
    /// <param name="values">The observations, in any order.</param>
    /// <param name="percentile">The percentile, in (0, 100].</param>
    /// <returns>The value at rank ⌈p/100 · n⌉ of the sorted values, or <see cref="double.NaN"/> when there is none.</returns>
    public static double NearestRank(IEnumerable<double> values, double percentile)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!(percentile > 0 && percentile <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "The percentile must be in (0, 100].");
        }

        double[] sorted = [.. values.Where(v => !double.IsNaN(v)).Order()];
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        int rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
