using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Tests.PiiRedaction;

internal static class RedactionTestHelpers
{
    public static readonly JsonSerializerOptions Json = new(AIJsonUtilities.DefaultOptions) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Everything the inner client received, as one string: all messages (every content, serialized) and the instructions.</summary>
    public static string Received(TestChatClient inner) =>
        string.Join("\n", inner.Calls.Select(c => JsonSerializer.Serialize(c.Messages, Json) + "\n" + c.Options?.Instructions));

    public static void AssertNoCanary(string haystack, string where)
    {
        foreach (string canary in TestPiiDetector.Canaries)
        {
            Assert.False(haystack.Contains(canary, StringComparison.Ordinal), $"A canary value reached the {where}.");
        }
    }

    /// <summary>A model that answers with the text of the last user message (so placeholders come back), streamed in <paramref name="chunkSize"/>-character chunks.</summary>
    public static TestChatClient EchoModel(int chunkSize = 3) => new()
    {
        GetResponseAsyncCallback = (m, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, LastUser(m)))),
        GetStreamingResponseAsyncCallback = (m, _, ct) => TestChatClient.StreamText(LastUser(m), chunkSize, ct),
    };

    public static string LastUser(IEnumerable<ChatMessage> messages) => messages.Last(m => m.Role == ChatRole.User).Text;

    public static IChatClient Pipeline(IChatClient inner, Action<PiiRedactionOptions>? configure = null, IPiiDetector? detector = null, IServiceProvider? services = null) =>
        new ChatClientBuilder(inner).UsePiiRedaction(configure, detector ?? new TestPiiDetector()).Build(services);

    public static async IAsyncEnumerable<ChatResponseUpdate> StreamChunks(IEnumerable<string> chunks)
    {
        foreach (string chunk in chunks)
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, chunk) { MessageId = "m1" };
        }
    }
}

/// <summary>A thread-safe echo model for concurrency tests: answers with the last user message and records what it received.</summary>
internal sealed class ConcurrentEchoClient(int chunkSize, Func<string, string>? answer = null) : IChatClient
{
    public System.Collections.Concurrent.ConcurrentQueue<string> Received { get; } = new();

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        string text = RedactionTestHelpers.LastUser(messages);
        Received.Enqueue(text);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer?.Invoke(text) ?? text)));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        string text = RedactionTestHelpers.LastUser(messages);
        Received.Enqueue(text);
        return TestChatClient.StreamText(answer?.Invoke(text) ?? text, chunkSize, cancellationToken);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
