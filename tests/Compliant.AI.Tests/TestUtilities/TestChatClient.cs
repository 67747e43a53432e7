using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Tests;

/// <summary>A callback-based chat client for tests; records every call it receives.</summary>
public sealed class TestChatClient : IChatClient
{
    public Func<IEnumerable<ChatMessage>, ChatOptions?, CancellationToken, Task<ChatResponse>>? GetResponseAsyncCallback { get; set; }

    public Func<IEnumerable<ChatMessage>, ChatOptions?, CancellationToken, IAsyncEnumerable<ChatResponseUpdate>>? GetStreamingResponseAsyncCallback { get; set; }

    public Func<Type, object?, object?>? GetServiceCallback { get; set; }

    /// <summary>Gets the messages and options of every call, in order.</summary>
    public List<(List<ChatMessage> Messages, ChatOptions? Options)> Calls { get; } = [];

    public ChatClientMetadata Metadata { get; set; } = new("test-provider", null, "test-model");

    /// <summary>Creates a client that answers every call with <paramref name="text"/>, streamed in <paramref name="chunkSize"/>-character chunks.</summary>
    public static TestChatClient Answering(string text, int chunkSize = 4) => new()
    {
        GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text))),
        GetStreamingResponseAsyncCallback = (_, _, ct) => StreamText(text, chunkSize, ct),
    };

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls.Add((messages.ToList(), options));
        return GetResponseAsyncCallback?.Invoke(messages, options, cancellationToken)
            ?? throw new InvalidOperationException("No GetResponseAsyncCallback set.");
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls.Add((messages.ToList(), options));
        return GetStreamingResponseAsyncCallback?.Invoke(messages, options, cancellationToken)
            ?? throw new InvalidOperationException("No GetStreamingResponseAsyncCallback set.");
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        GetServiceCallback is { } cb ? cb(serviceType, serviceKey)
        : serviceKey is null && serviceType == typeof(ChatClientMetadata) ? Metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }

    /// <summary>Streams <paramref name="text"/> as updates of at most <paramref name="chunkSize"/> characters.</summary>
    public static async IAsyncEnumerable<ChatResponseUpdate> StreamText(string text, int chunkSize, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string responseId = Guid.NewGuid().ToString("N");
        for (int i = 0; i < text.Length; i += chunkSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, text.Substring(i, Math.Min(chunkSize, text.Length - i))) { ResponseId = responseId };
        }
    }
}
