using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Compliant.AI.Benchmarks;

/// <summary>
/// A latency percentile of the measured iterations (BenchmarkDotNet 0.15.8 has built-in columns up to P95 only).
/// </summary>
/// <remarks>
/// The percentile is taken over iterations: it is a per-query latency percentile only when every iteration runs one
/// operation (<c>--invocationCount 1 --unrollFactor 1 --iterationCount 200</c>); with <c>--job short</c> (3 iterations)
/// it is close to the maximum of three means.
/// </remarks>
public sealed class PercentileColumn(int percentile) : IColumn
{
    public string Id => "Percentile" + percentile.ToString(CultureInfo.InvariantCulture);

    public string ColumnName => "P" + percentile.ToString(CultureInfo.InvariantCulture);

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Statistics;

    public int PriorityInCategory => 10;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"{percentile}th percentile of the iteration times (per operation)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        BenchmarkReport? report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } statistics)
        {
            return "NA";
        }

        return FormatNanoseconds(statistics.Percentiles.Percentile(percentile));
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public override string ToString() => ColumnName;

    internal static string FormatNanoseconds(double ns) => ns switch
    {
        < 1_000 => ns.ToString("0.0", CultureInfo.InvariantCulture) + " ns",
        < 1_000_000 => (ns / 1_000).ToString("0.00", CultureInfo.InvariantCulture) + " μs",
        < 1_000_000_000 => (ns / 1_000_000).ToString("0.00", CultureInfo.InvariantCulture) + " ms",
        _ => (ns / 1_000_000_000).ToString("0.000", CultureInfo.InvariantCulture) + " s",
    };
}
