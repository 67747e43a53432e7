using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Benchmarks.StructuredOutput;

/// <summary>Overhead of <see cref="StructuredOutputChatClient"/> on a valid ~2 KB answer, beside the bare client.</summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "Both clients are called through IChatClient, as callers do.")]
public class StructuredOutputMiddlewareBenchmarks
{
    private readonly List<ChatMessage> _messages = [new(ChatRole.User, "Triage this ticket.")];
    private IChatClient _bare = null!;
    private IChatClient _validated = null!;
    private ChatOptions _schemaOptions = null!;
    private ChatOptions _plainOptions = null!;

    [GlobalSetup]
    public void Setup()
    {
        _bare = new FixedAnswerChatClient(TicketTriageSample.Instance, newResponsePerCall: true);
        _validated = new StructuredOutputChatClient(_bare);
        _schemaOptions = new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse(TicketTriageSample.Schema).RootElement, "ticket") };
        _plainOptions = new ChatOptions();
    }

    [Benchmark(Baseline = true, Description = "bare client")]
    public Task<ChatResponse> Bare() => _bare.GetResponseAsync(_messages, _schemaOptions);

    [Benchmark(Description = "structured output, valid answer (validated)")]
    public Task<ChatResponse> Validated() => _validated.GetResponseAsync(_messages, _schemaOptions);

    [Benchmark(Description = "structured output, no schema requested (pass-through)")]
    public Task<ChatResponse> PassThrough() => _validated.GetResponseAsync(_messages, _plainOptions);
}
