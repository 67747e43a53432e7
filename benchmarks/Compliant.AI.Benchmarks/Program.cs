using BenchmarkDotNet.Running;
using Compliant.AI.Benchmarks.Retrieval;

if (args is ["--qdrant-cpu", ..])
{
    // Process CPU time per query of the two Qdrant connectors (docs/qdrant.md), beside BenchmarkDotNet's wall clock.
    await QdrantConnectorCpuTime.RunAsync();
    return;
}

if (args is ["--ledger-processes", ..])
{
    // Appends/s of one PostgreSQL ledger chain written by several processes (docs/performance.md).
    await Compliant.AI.Benchmarks.ScaleOut.LedgerProcessThroughput.RunAsync(args);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
