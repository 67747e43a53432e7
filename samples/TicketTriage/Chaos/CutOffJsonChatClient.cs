using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace TicketTriage.Chaos;

/// <summary>
/// A model that breaks its JSON, as one stopped by its output limit does: the real answer with its last character (the
/// closing brace) cut off, for the first <c>invalidAnswers</c> attempts at each ticket. The attempt is read from the
/// conversation (each re-ask carries one more rejected assistant answer), so the fault is per ticket whatever the
/// concurrency. Both call styles cut the same text.
/// </summary>
public sealed class CutOffJsonChatClient(IChatClient inner, int invalidAnswers) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ChatMessage[] conversation = [.. messages];
        ChatResponse response = await base.GetResponseAsync(conversation, options, cancellationToken);
        return Breaks(conversation)
            ? new ChatResponse(new ChatMessage(ChatRole.Assistant, CutOff(response.Text))) { ModelId = response.ModelId, Usage = response.Usage, FinishReason = ChatFinishReason.Length }
            : response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChatResponse response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (ChatResponseUpdate update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    private bool Breaks(ChatMessage[] conversation) => conversation.Count(m => m.Role == ChatRole.Assistant) < invalidAnswers;

    private static string CutOff(string text) => text.Length > 0 ? text[..^1] : text;
}
