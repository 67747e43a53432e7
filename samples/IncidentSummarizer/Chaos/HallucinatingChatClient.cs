using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace IncidentSummarizer.Chaos;

/// <summary>
/// The <c>hallucination</c> fault: the model's real answer plus <see cref="Sentence"/>, an invented cause that cites the
/// first event. In both call styles (streamed as one more update after the model's own).
/// </summary>
public sealed class HallucinatingChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    /// <summary>The invented sentence: no event says anything like it.</summary>
    public const string Sentence = "A cosmic ray flipped a memory bit on database host db-7, which corrupted the connection settings. [S1]";

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ChatResponse response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, response.Text.TrimEnd() + "\n" + Sentence)) { ModelId = response.ModelId };
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            yield return update;
        }

        yield return new ChatResponseUpdate(ChatRole.Assistant, "\n" + Sentence);
    }
}
