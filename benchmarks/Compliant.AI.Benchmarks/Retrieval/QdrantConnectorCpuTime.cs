using System.Diagnostics;
using System.Globalization;

namespace Compliant.AI.Benchmarks.Retrieval;

/// <summary>
/// CPU time and allocation per query of the two Qdrant connectors (<see cref="QdrantConnectorBenchmarks"/>'s setup and
/// methods), measured as process CPU time (<see cref="Process.TotalProcessorTime"/>) over alternating rounds, because
/// wall-clock time on a shared, overloaded machine mostly measures the other processes.
/// </summary>
/// <remarks>Run with <c>dotnet run -c Release --project benchmarks/Compliant.AI.Benchmarks -- --qdrant-cpu</c>.</remarks>
internal static class QdrantConnectorCpuTime
{
    public static async Task RunAsync(int rounds = 7, int queriesPerRound = 2_000)
    {
        Console.WriteLine("groups | connector | CPU µs/query (median of rounds) | min | max | allocated B/query");
        foreach (int groups in new[] { 8, 300 })
        {
            var bench = new QdrantConnectorBenchmarks { Groups = groups };
            bench.Setup();
            var cpu = new Dictionary<string, List<double>> { ["gRPC"] = [], ["REST"] = [] };
            var allocated = new Dictionary<string, List<double>> { ["gRPC"] = [], ["REST"] = [] };
            for (int i = 0; i < 3_000; i++) // past tiered JIT (tier 1 after 30 calls plus the background compile)
            {
                await bench.Grpc();
                await bench.Rest();
            }

            for (int round = 0; round < rounds; round++)
            {
                foreach ((string name, Func<Task<int>> query) in new (string, Func<Task<int>>)[] { ("gRPC", bench.Grpc), ("REST", bench.Rest) })
                {
                    GC.Collect();
                    long bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
                    TimeSpan before = Process.GetCurrentProcess().TotalProcessorTime;
                    for (int q = 0; q < queriesPerRound; q++)
                    {
                        await query();
                    }

                    TimeSpan spent = Process.GetCurrentProcess().TotalProcessorTime - before;
                    long bytes = GC.GetTotalAllocatedBytes(precise: true) - bytesBefore;
                    cpu[name].Add(spent.TotalMicroseconds / queriesPerRound);
                    allocated[name].Add((double)bytes / queriesPerRound);
                }
            }

            bench.Cleanup();
            foreach (string name in new[] { "gRPC", "REST" })
            {
                List<double> sorted = [.. cpu[name].Order()];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{groups} | {name} | {sorted[sorted.Count / 2]:F1} | {sorted[0]:F1} | {sorted[^1]:F1} | {allocated[name].Order().ElementAt(rounds / 2):F0}"));
            }
        }
    }
}
