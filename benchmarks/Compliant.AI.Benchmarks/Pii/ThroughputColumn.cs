using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Compliant.AI.Benchmarks.Pii;

/// <summary>
/// Throughput columns for text scanning: <c>MB/s</c> (characters per operation from <see cref="CorpusSizeAttribute"/>,
/// 1 MB = 2^20 characters, so a 64 KB corpus is 0.0625 MB) and, when the run includes the benchmark in category
/// <see cref="PiiDetectionBenchmarks.BaselineCategory"/>, the speed-up over it per MB.
/// </summary>
public sealed class ThroughputColumn(bool speedup) : IColumn
{
    public string Id => speedup ? "PiiSpeedup" : "PiiThroughput";

    public string ColumnName => speedup ? "x RT alone (per MB)" : "MB/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => speedup ? 1 : 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => speedup
        ? "Throughput divided by the throughput of Microsoft.Recognizers.Text alone measured in the same run"
        : "Characters scanned per second, in 2^20 characters (64 KB = 0.0625 MB)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? mbs = Throughput(summary, benchmarkCase);
        if (mbs is null)
        {
            return "-";
        }

        if (!speedup)
        {
            return mbs.Value.ToString(mbs.Value < 0.1 ? "G3" : "N2", CultureInfo.InvariantCulture);
        }

        BenchmarkCase? baseline = summary.BenchmarksCases.FirstOrDefault(static b => b.Descriptor.Categories.Contains(PiiDetectionBenchmarks.BaselineCategory));
        double? baseMbs = baseline is null ? null : Throughput(summary, baseline);
        return baseMbs is null or 0 ? "-" : (mbs.Value / baseMbs.Value).ToString("N0", CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    private static double? Throughput(Summary summary, BenchmarkCase benchmarkCase)
    {
        int? chars = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<CorpusSizeAttribute>()?.Characters;
        double? meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return chars is null || meanNs is null or 0 ? null : chars.Value / (double)(1 << 20) / (meanNs.Value / 1e9);
    }
}
