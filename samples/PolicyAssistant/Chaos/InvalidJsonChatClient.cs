using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace PolicyAssistant.Chaos;

/// <summary>
/// A model that breaks its JSON: when the request asks for JSON with a schema, it wraps the real model's answer in
/// <c>{"answer": ...}</c> and cuts the object off before its closing brace (as a model stopped by its output limit
/// does), for the first <c>invalidCalls</c> calls; later calls return the complete object. Requests without a schema
/// pass through.
/// </summary>
public sealed class InvalidJsonChatClient(IChatClient inner, int invalidCalls = int.MaxValue) : DelegatingChatClient(inner)
{
    private int _calls;

    /// <summary>Gets how many structured-output calls reached this model (the first and each re-ask).</summary>
    public int Calls => Volatile.Read(ref _calls);

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ChatResponse response = await base.GetResponseAsync(messages, options, cancellationToken);
        return options?.ResponseFormat is ChatResponseFormatJson { Schema: not null }
            ? new ChatResponse(new ChatMessage(ChatRole.Assistant, Json(response.Text))) { ModelId = response.ModelId, Usage = response.Usage, ResponseId = response.ResponseId }
            : response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (options?.ResponseFormat is not ChatResponseFormatJson { Schema: not null })
        {
            await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
            {
                yield return update;
            }

            yield break;
        }

        ChatResponse response = await base.GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);
        yield return new ChatResponseUpdate(ChatRole.Assistant, Json(response.Text)) { ModelId = response.ModelId, ResponseId = response.ResponseId };
    }

    private string Json(string answer)
    {
        string complete = JsonSerializer.Serialize(new Dictionary<string, string> { ["answer"] = answer });
        return Interlocked.Increment(ref _calls) <= invalidCalls ? complete[..^1] : complete;
    }
}
