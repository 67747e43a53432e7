namespace Compliant.AI.Evaluation.Operations;

/// <summary>
/// A streaming latency histogram with log-spaced bins 1 % wide: constant memory whatever the number of values, and
/// percentiles within 1 % of the nearest-rank value (the upper edge of the bin holding that rank is reported).
/// </summary>
internal sealed class LatencyHistogram
{
    private static readonly double Step = Math.Log(1.01);
    private readonly SortedDictionary<int, long> _bins = [];

    public long Count { get; private set; }

    public void Add(double milliseconds)
    {
        if (!double.IsFinite(milliseconds) || milliseconds < 0)
        {
            return;
        }

        int bin = (int)Math.Ceiling(Math.Log(Math.Max(milliseconds, 0.001)) / Step);
        _bins[bin] = _bins.GetValueOrDefault(bin) + 1;
        Count++;
    }

    public double Percentile(double p)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        long rank = Math.Max(1, (long)Math.Ceiling(p / 100 * Count));
        long seen = 0;
        foreach ((int bin, long count) in _bins)
        {
            seen += count;
            if (seen >= rank)
            {
                return Math.Exp(bin * Step);
            }
        }

        return Math.Exp(_bins.Keys.Last() * Step);
    }
}
