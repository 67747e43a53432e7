using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Benchmarks;

/// <summary>The bare inner client of stage benchmarks: a cached answer, streamed as a few fixed updates.</summary>
public sealed class FixedAnswerChatClient(string answer) : IChatClient
{
    private readonly ChatResponse _response = new(new ChatMessage(ChatRole.Assistant, answer)) { Usage = new() { InputTokenCount = 1000, OutputTokenCount = 12 } };
    private readonly ChatResponseUpdate[] _updates = answer.Chunk(16).Select(c => new ChatResponseUpdate(ChatRole.Assistant, new string(c))).ToArray();
    private readonly ChatClientMetadata _metadata = new("bench", null, "bench-model");

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(_response);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (ChatResponseUpdate update in _updates)
        {
            yield return update;
        }

        await Task.CompletedTask;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? _metadata : null;

    public void Dispose()
    {
    }
}
