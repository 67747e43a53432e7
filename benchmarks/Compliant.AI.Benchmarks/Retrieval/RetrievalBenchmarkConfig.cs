using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace Compliant.AI.Benchmarks.Retrieval;

/// <summary>
/// Retrieval benchmarks report the median, p95 and p99 beside the mean, allocations per operation, and operations per
/// second (for ingestion one operation is one chunk, so <c>Op/s</c> is chunks per second).
/// </summary>
/// <remarks>
/// Jobs come from the command line. For per-query percentiles run one query per iteration:
/// <c>--invocationCount 1 --unrollFactor 1 --iterationCount 200 --warmupCount 10</c>; <c>--job short</c> has only 3 iterations.
/// </remarks>
public sealed class RetrievalBenchmarkConfig : ManualConfig
{
    public RetrievalBenchmarkConfig()
    {
        AddColumn(StatisticColumn.Median, StatisticColumn.P95, new PercentileColumn(99), StatisticColumn.OperationsPerSecond);
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
