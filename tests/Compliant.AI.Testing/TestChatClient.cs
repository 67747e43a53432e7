using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Testing;

/// <summary>A callback-based chat client for tests; records every call it receives.</summary>
/// <remarks>A call whose callback is not set throws <see cref="InvalidOperationException"/>. Not thread-safe: <see cref="Calls"/> is a plain list.</remarks>
public sealed class TestChatClient : IChatClient
{
    /// <summary>Gets or sets what <see cref="GetResponseAsync"/> answers.</summary>
    public Func<IEnumerable<ChatMessage>, ChatOptions?, CancellationToken, Task<ChatResponse>>? GetResponseAsyncCallback { get; set; }

    /// <summary>Gets or sets what <see cref="GetStreamingResponseAsync"/> answers.</summary>
    public Func<IEnumerable<ChatMessage>, ChatOptions?, CancellationToken, IAsyncEnumerable<ChatResponseUpdate>>? GetStreamingResponseAsyncCallback { get; set; }

    /// <summary>Gets or sets what <see cref="GetService"/> answers, in place of the default (the metadata, then the client itself).</summary>
    public Func<Type, object?, object?>? GetServiceCallback { get; set; }

    /// <summary>Gets the messages and options of every call, in order.</summary>
    public List<(List<ChatMessage> Messages, ChatOptions? Options)> Calls { get; } = [];

    /// <summary>Gets or sets the metadata <see cref="GetService"/> returns. The default names provider <c>test-provider</c> and model <c>test-model</c>.</summary>
    public ChatClientMetadata Metadata { get; set; } = new("test-provider", null, "test-model");

    /// <summary>Creates a client that answers every call with <paramref name="text"/>, streamed in <paramref name="chunkSize"/>-character chunks.</summary>
    public static TestChatClient Answering(string text, int chunkSize = 4) => new()
    {
        GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text))),
        GetStreamingResponseAsyncCallback = (_, _, ct) => StreamText(text, chunkSize, ct),
    };

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls.Add((messages.ToList(), options));
        return GetResponseAsyncCallback?.Invoke(messages, options, cancellationToken)
            ?? throw new InvalidOperationException("No GetResponseAsyncCallback set.");
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls.Add((messages.ToList(), options));
        return GetStreamingResponseAsyncCallback?.Invoke(messages, options, cancellationToken)
            ?? throw new InvalidOperationException("No GetStreamingResponseAsyncCallback set.");
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        GetServiceCallback is { } cb ? cb(serviceType, serviceKey)
        : serviceKey is null && serviceType == typeof(ChatClientMetadata) ? Metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    /// <inheritdoc />
    public void Dispose()
    {
    }

    /// <summary>Streams <paramref name="text"/> as updates of at most <paramref name="chunkSize"/> characters, yielding the thread before each, all with one response id.</summary>
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
