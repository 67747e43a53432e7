#pragma warning disable CA1859 // called through IChatClient on purpose, as applications do
using BenchmarkDotNet.Attributes;
using Compliant.AI;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Benchmarks.Resilience;

/// <summary>Happy-path overhead of the resilience stage on a streamed answer of eight updates.</summary>
[MemoryDiagnoser]
public class StreamingResilienceBenchmarks
{
    private readonly ChatMessage[] _messages = [new(ChatRole.User, "Summarise the incident.")];
    private IChatClient _bare = null!;
    private IChatClient _resilient = null!;

    [GlobalSetup]
    public void Setup()
    {
        _bare = InstantProvider.Create();
        _resilient = new ResilienceChatClient(InstantProvider.Create());
    }

    [Benchmark(Baseline = true)]
    public Task<int> BareClient() => Drain(_bare);

    [Benchmark]
    public Task<int> Resilience() => Drain(_resilient);

    private async Task<int> Drain(IChatClient client)
    {
        int n = 0;
        await foreach (ChatResponseUpdate _ in client.GetStreamingResponseAsync(_messages))
        {
            n++;
        }

        return n;
    }
}
