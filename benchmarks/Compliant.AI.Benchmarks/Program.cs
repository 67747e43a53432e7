using BenchmarkDotNet.Running;
using Compliant.AI.Benchmarks.Retrieval;

if (args is ["--qdrant-cpu", ..])
{
    // Process CPU time per query of the two Qdrant connectors (docs/qdrant.md), beside BenchmarkDotNet's wall clock.
    await QdrantConnectorCpuTime.RunAsync();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
