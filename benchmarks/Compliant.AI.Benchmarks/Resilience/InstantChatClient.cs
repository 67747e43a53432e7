using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Benchmarks.Resilience;

/// <summary>A provider that answers at once with a fixed response and reported usage.</summary>
internal sealed class InstantChatClient : IChatClient
{
    private static readonly ChatClientMetadata Metadata = new("bench", null, "bench-model");
    private static readonly ChatResponseUpdate[] Updates = Enumerable.Range(0, 8).Select(i => new ChatResponseUpdate(ChatRole.Assistant, "chunk" + i)).ToArray();
    private readonly Task<ChatResponse> _response = Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "Contractors need approved devices.[1]"))
    {
        Usage = new UsageDetails { InputTokenCount = 24, OutputTokenCount = 9, TotalTokenCount = 33 },
    });

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) => _response;

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (ChatResponseUpdate update in Updates)
        {
            yield return update;
        }

        await Task.CompletedTask;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? Metadata : null;

    public void Dispose()
    {
    }
}
