using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Tests.Grounding;

/// <summary>
/// A scripted model that returns fixed messages: as one <see cref="ChatResponse"/> holding all of them, or streamed as
/// updates that carry each message's role and message id, its text cut into small chunks.
/// </summary>
public static class ScriptedModel
{
    /// <summary>Creates a client returning <paramref name="messages"/> (cloned per call, so a stage cannot alter the script).</summary>
    public static TestChatClient Returning(params ChatMessage[] messages) => new()
    {
        GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(messages.Select(m => m.Clone()).ToList()) { ResponseId = "r-1", ModelId = "scripted" }),
        GetStreamingResponseAsyncCallback = (_, _, ct) => Stream(messages, ct),
    };

    /// <summary>Creates an assistant message holding <paramref name="contents"/> with a message id.</summary>
    public static ChatMessage Message(ChatRole role, string messageId, params AIContent[] contents) => new(role, contents.ToList()) { MessageId = messageId };

    /// <summary>Runs one call in the given style and returns the combined response and, when streaming, every update the caller saw.</summary>
    public static async Task<(ChatResponse Response, List<ChatResponseUpdate> Updates)> CallAsync(IChatClient client, bool streaming, string question, ChatOptions? options = null)
    {
        List<ChatMessage> messages = [new ChatMessage(ChatRole.User, question)];
        if (!streaming)
        {
            ChatResponse response = await client.GetResponseAsync(messages, options);
            return (response, []);
        }

        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(messages, options))
        {
            updates.Add(update);
        }

        return (updates.ToChatResponse(), updates);
    }

    /// <summary>Renders every piece of text a caller can read from a response or its updates: texts, reasoning, tool data, annotations, errors.</summary>
    public static string Everything(ChatResponse response, IEnumerable<ChatResponseUpdate> updates)
    {
        IEnumerable<AIContent> contents = response.Messages.SelectMany(m => m.Contents).Concat(updates.SelectMany(u => u.Contents));
        return string.Join("\n", contents.Select(Render)) + "\n" + response.Text + "\n" + string.Concat(updates.Select(u => u.Text));
    }

    private static string Render(AIContent content)
    {
        string annotations = content.Annotations is { } list
            ? string.Join("|", list.OfType<CitationAnnotation>().Select(a => a.Title + a.Snippet + a.FileId + a.Url))
            : string.Empty;
        string body = content switch
        {
            TextContent t => t.Text,
            TextReasoningContent r => r.Text,
            FunctionCallContent c => c.Name + string.Join(",", c.Arguments ?? new Dictionary<string, object?>()),
            FunctionResultContent r => r.Result?.ToString() ?? string.Empty,
            ErrorContent e => e.Message,
            DataContent d => d.MediaType + System.Text.Encoding.UTF8.GetString(d.Data.Span),
            _ => content.ToString() ?? string.Empty,
        };
        return body + annotations;
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Stream(ChatMessage[] messages, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (ChatMessage message in messages)
        {
            foreach (AIContent content in message.Contents)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await Task.Yield();
                if (content is TextContent { Annotations: null } text)
                {
                    for (int i = 0; i < text.Text.Length; i += 5)
                    {
                        yield return new ChatResponseUpdate(message.Role, text.Text.Substring(i, Math.Min(5, text.Text.Length - i))) { MessageId = message.MessageId, ResponseId = "r-1", ModelId = "scripted" };
                    }
                }
                else
                {
                    yield return new ChatResponseUpdate(message.Role, [content]) { MessageId = message.MessageId, ResponseId = "r-1", ModelId = "scripted" };
                }
            }
        }
    }
}
