using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Compliant.AI.Benchmarks.Evaluation;

/// <summary>
/// Process CPU time per operation, recorded by the benchmark methods themselves with <see cref="CpuTimeMeter"/>
/// (<see cref="Environment.CpuUsage"/>, which allocates nothing). Wall-clock time on a machine shared with other builds
/// mostly measures waiting for a core; CPU time does not. Needs <c>--inProcess</c> (the column reads the figures the
/// benchmark process recorded); every invocation counts, warm-up and pilot included.
/// </summary>
public sealed class CpuTimeColumn : IColumn
{
    public string Id => nameof(CpuTimeColumn);

    public string ColumnName => "CPU/op";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Statistics;

    public int PriorityInCategory => 20;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Process CPU time (user + kernel, all threads) per operation, over every invocation in this process";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        CpuTimeMeter.PerOperation(benchmarkCase.Descriptor.WorkloadMethod.Name) is { } perOperation
            ? PercentileColumn.FormatNanoseconds(perOperation.Ticks * 100.0)
            : "NA";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public override string ToString() => ColumnName;
}

/// <summary>Accumulates process CPU time per benchmark method.</summary>
public static class CpuTimeMeter
{
    private static readonly Dictionary<string, long[]> Totals = new(StringComparer.Ordinal);

    /// <summary>Gets the process CPU time so far.</summary>
    public static TimeSpan Now => Environment.CpuUsage.TotalTime;

    /// <summary>Adds one operation of <paramref name="method"/> that started at <paramref name="started"/> (a value of <see cref="Now"/>).</summary>
    public static void Add(string method, TimeSpan started)
    {
        if (!Recording)
        {
            return;
        }

        long ticks = (Now - started).Ticks;
        lock (Totals)
        {
            if (!Totals.TryGetValue(method, out long[]? total))
            {
                Totals[method] = total = new long[2];
            }

            total[0] += ticks;
            total[1]++;
        }
    }

    /// <summary>Gets or sets a value indicating whether <see cref="Add"/> records (off while a set-up runs the methods to check them).</summary>
    public static bool Recording { get; set; } = true;

    /// <summary>The mean CPU time per operation of <paramref name="method"/>, or <see langword="null"/> when none ran.</summary>
    public static TimeSpan? PerOperation(string method)
    {
        lock (Totals)
        {
            return Totals.TryGetValue(method, out long[]? total) && total[1] > 0 ? TimeSpan.FromTicks(total[0] / total[1]) : null;
        }
    }

    /// <summary>The number of operations recorded for <paramref name="method"/>.</summary>
    public static long Count(string method)
    {
        lock (Totals)
        {
            return Totals.TryGetValue(method, out long[]? total) ? total[1] : 0;
        }
    }
}
