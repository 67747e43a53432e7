using BenchmarkDotNet.Attributes;
using Compliant.AI;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Benchmarks.Auditing;

/// <summary>Per-request overhead of the auditing stage with an in-memory sink, beside the bare inner client, for a 4 KB prompt.</summary>
[MemoryDiagnoser]
public class AuditingStageBenchmarks
{
    private readonly List<ChatMessage> _messages = [new(ChatRole.User, new string('x', 2048) + " patient question " + new string('y', 2030))];
    private FixedAnswerChatClient _bare = null!;
    private AuditingChatClient _audited = null!;

    [GlobalSetup]
    public void Setup()
    {
        _bare = new FixedAnswerChatClient("The retention period for audit logs is six years [S1].", usage: new UsageDetails { InputTokenCount = 1000, OutputTokenCount = 12 });
        _audited = new AuditingChatClient(_bare, new DiscardingAuditSink(), new AuditKey("bench", new byte[32]));
    }

    [Benchmark(Baseline = true)]
    public Task<ChatResponse> BareClient() => _bare.GetResponseAsync(_messages);

    [Benchmark]
    public Task<ChatResponse> WithAuditing() => _audited.GetResponseAsync(_messages);

    [Benchmark]
    public async Task<int> BareClientStreaming()
    {
        int n = 0;
        await foreach (ChatResponseUpdate _ in _bare.GetStreamingResponseAsync(_messages))
        {
            n++;
        }

        return n;
    }

    [Benchmark]
    public async Task<int> WithAuditingStreaming()
    {
        int n = 0;
        await foreach (ChatResponseUpdate _ in _audited.GetStreamingResponseAsync(_messages))
        {
            n++;
        }

        return n;
    }
}
