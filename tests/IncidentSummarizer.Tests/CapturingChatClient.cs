using Microsoft.Extensions.AI;

namespace IncidentSummarizer.Tests;

/// <summary>A model wrapper that keeps every text it was sent (to prove what reached the provider).</summary>
internal sealed class CapturingChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    private readonly List<string> _seen = [];

    public string Seen
    {
        get
        {
            lock (_seen)
            {
                return string.Join('\n', _seen);
            }
        }
    }

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Capture(messages);
        return base.GetResponseAsync(messages, options, cancellationToken);
    }

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Capture(messages);
        return base.GetStreamingResponseAsync(messages, options, cancellationToken);
    }

    private void Capture(IEnumerable<ChatMessage> messages)
    {
        lock (_seen)
        {
            _seen.AddRange(messages.Select(m => m.Text));
        }
    }
}
