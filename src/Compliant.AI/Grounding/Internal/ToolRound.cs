using Microsoft.Extensions.AI;

namespace Compliant.AI.Grounding.Internal;

/// <summary>
/// Recognizes a model round that is not an answer but a request to run tools, and strips it to what the
/// function-invoking stage needs: the calls. Its text is withheld, never delivered and never checked as an answer.
/// </summary>
/// <remarks>
/// A round is a tool round when it holds a <see cref="FunctionCallContent"/> (not <see cref="FunctionCallContent.InformationalOnly"/>)
/// that no <see cref="FunctionResultContent"/> in the same response answers, or a <see cref="ToolApprovalRequestContent"/>:
/// something a function-invoking stage or the host must act on before the model answers. A response in which every call
/// already has its result (a function-invoking stage inside grounding) is an answer and is checked whole.
/// </remarks>
internal sealed class ToolRound
{
    private readonly HashSet<string> _calls = new(StringComparer.Ordinal);
    private readonly HashSet<string> _results = new(StringComparer.Ordinal);
    private bool _approvals;

    /// <summary>Gets a value indicating whether the contents seen so far hold a call that still waits for its result, or an approval request.</summary>
    public bool IsPending => _approvals || _calls.Any(id => !_results.Contains(id));

    /// <summary>Returns whether <paramref name="messages"/> are a tool round.</summary>
    public static bool Is(IEnumerable<ChatMessage> messages)
    {
        var round = new ToolRound();
        foreach (ChatMessage message in messages)
        {
            round.Add(message.Contents);
        }

        return round.IsPending;
    }

    /// <summary>
    /// Removes every text content from the round's messages (and messages left empty by it), so that only the calls and
    /// the content <see cref="AnswerText.RemoveUnverifiable"/> keeps reach the tool loop; returns how many were removed.
    /// </summary>
    public static int WithholdText(ChatResponse response)
    {
        AnswerText.RemoveUnverifiable(response);
        int withheld = 0;
        for (int i = 0; i < response.Messages.Count; i++)
        {
            ChatMessage message = response.Messages[i];
            int texts = message.Contents.Count(c => c is TextContent);
            if (texts == 0)
            {
                continue;
            }

            withheld += texts;
            List<AIContent> kept = [.. message.Contents.Where(c => c is not TextContent)];
            if (kept.Count == 0)
            {
                response.Messages.RemoveAt(i--);
                continue;
            }

            message.Contents = kept;
            message.RawRepresentation = null;
        }

        if (withheld > 0)
        {
            response.RawRepresentation = null;
        }

        return withheld;
    }

    /// <summary>Adds the contents of one message or streamed update.</summary>
    public void Add(IEnumerable<AIContent> contents)
    {
        foreach (AIContent content in contents)
        {
            switch (content)
            {
                case FunctionCallContent { InformationalOnly: false } call:
                    _calls.Add(call.CallId);
                    break;
                case FunctionResultContent result:
                    _results.Add(result.CallId);
                    break;
                case ToolApprovalRequestContent:
                    _approvals = true;
                    break;
            }
        }
    }
}
