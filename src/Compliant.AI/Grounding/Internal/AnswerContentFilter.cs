using Microsoft.Extensions.AI;

namespace Compliant.AI.Grounding.Internal;

/// <summary>
/// Decides, content by content and in order, what the stage delivers; one instance per response (or stream), because a
/// function result is delivered only when it answers a call made earlier in the same response.
/// </summary>
/// <remarks>
/// A function-invocation stage inside grounding adds each call's result in a tool-role message after the call: that
/// record is kept whole, so the caller's history pairs every call with its result. A result in any other place (a model
/// writing a tool-role message of its own, a result inside an assistant message, a second result for one call, a result
/// before its call) is the model's own text, not a tool's, and is dropped. Text keeps no annotation but the stage's own:
/// a provider's citation names a source that was never retrieved for this caller.
/// </remarks>
internal sealed class AnswerContentFilter
{
    private readonly HashSet<string> _openCalls = new(StringComparer.Ordinal);
    private string? _messageId;
    private ChatRole? _role;

    /// <summary>Returns the contents of one message or update to deliver, or <see langword="null"/> when all of <paramref name="contents"/> is delivered as it is.</summary>
    public List<AIContent>? Filter(ChatRole role, IList<AIContent> contents)
    {
        List<AIContent>? kept = null;
        for (int i = 0; i < contents.Count; i++)
        {
            AIContent content = contents[i];
            AIContent? deliver = content switch
            {
                TextContent { Annotations.Count: > 0 } text => new TextContent(text.Text) { AdditionalProperties = text.AdditionalProperties },
                FunctionResultContent result => role == ChatRole.Tool && result.CallId is not null && _openCalls.Remove(result.CallId) ? result : null,
                _ => AnswerText.IsDeliverable(content) ? content : null,
            };

            if (!ReferenceEquals(deliver, content) && kept is null)
            {
                kept = [.. contents.Take(i)];
            }

            if (deliver is not null)
            {
                kept?.Add(deliver);
            }
        }

        // Calls become answerable only after their own message: a result beside its call is not a tool's result.
        foreach (AIContent content in contents)
        {
            if (content is FunctionCallContent { CallId: { } callId })
            {
                _openCalls.Add(callId);
            }
        }

        return kept;
    }

    /// <summary>Returns <paramref name="update"/>, or a copy holding only the content the stage delivers.</summary>
    public ChatResponseUpdate Filter(ChatResponseUpdate update)
    {
        bool sameMessage = update.MessageId is not { Length: > 0 } || update.MessageId == _messageId;
        _role = update.Role ?? (sameMessage ? _role : null);
        _messageId = update.MessageId is { Length: > 0 } ? update.MessageId : _messageId;
        if (Filter(_role ?? ChatRole.Assistant, update.Contents) is not { } kept)
        {
            return update;
        }

        ChatResponseUpdate copy = update.Clone();
        copy.Contents = kept;
        copy.RawRepresentation = null;
        return copy;
    }
}
