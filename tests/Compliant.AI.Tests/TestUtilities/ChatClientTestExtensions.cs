using Microsoft.Extensions.AI;

namespace Compliant.AI.Tests;

/// <summary>Runs a chat call either streaming or not, so every middleware test can be a <c>[Theory]</c> over both.</summary>
public static class ChatClientTestExtensions
{
    public static async Task<ChatResponse> GetResponseAsync(this IChatClient client, bool streaming, IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (!streaming)
        {
            return await client.GetResponseAsync(messages, options, cancellationToken);
        }

        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            updates.Add(update);
        }

        return updates.ToChatResponse();
    }

    public static Task<ChatResponse> GetResponseAsync(this IChatClient client, bool streaming, string userText, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        client.GetResponseAsync(streaming, [new ChatMessage(ChatRole.User, userText)], options, cancellationToken);
}
