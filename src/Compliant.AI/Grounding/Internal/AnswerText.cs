using System.Text;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Grounding.Internal;

/// <summary>
/// The text a caller receives in a response: the text of every message, whatever its role, in order, one message per
/// paragraph (separated by a blank line), so a second assistant message or a tool-role message is verified like the first.
/// </summary>
/// <remarks>
/// Content that carries text the stage cannot verify (reasoning, errors, data and URI content, hosted tools' results) is
/// removed from what is delivered; tool calls, the caller's own function results, approvals and usage pass unchanged.
/// </remarks>
internal sealed class AnswerText
{
    /// <summary>The separator between messages: a blank line, so each message is its own paragraph.</summary>
    public const string MessageSeparator = "\n\n";

    private AnswerText(string text, List<(ChatMessage Message, int Start, int End)> parts)
    {
        Text = text;
        Parts = parts;
    }

    /// <summary>Gets the evaluated text (offsets in <see cref="GroundingClaim"/> refer to it).</summary>
    public string Text { get; }

    /// <summary>Gets each message holding text with the span of its text in <see cref="Text"/>.</summary>
    public List<(ChatMessage Message, int Start, int End)> Parts { get; }

    public static AnswerText From(IList<ChatMessage> messages)
    {
        var sb = new StringBuilder();
        var parts = new List<(ChatMessage, int, int)>();
        foreach (ChatMessage message in messages)
        {
            string text = message.Text;
            if (text.Length == 0)
            {
                continue;
            }

            if (sb.Length > 0)
            {
                sb.Append(MessageSeparator);
            }

            parts.Add((message, sb.Length, sb.Length + text.Length));
            sb.Append(text);
        }

        return new AnswerText(sb.ToString(), parts);
    }

    /// <summary>Returns whether the stage delivers <paramref name="content"/> (text is verified; the rest cannot be).</summary>
    public static bool IsDeliverable(AIContent content) =>
        content is TextContent or FunctionCallContent or FunctionResultContent or UsageContent or ToolApprovalRequestContent or ToolApprovalResponseContent;

    /// <summary>Removes undeliverable content from every message; a changed message loses its raw provider representation.</summary>
    public static void RemoveUnverifiable(ChatResponse response)
    {
        bool changed = false;
        foreach (ChatMessage message in response.Messages)
        {
            if (message.Contents.All(IsDeliverable))
            {
                continue;
            }

            message.Contents = message.Contents.Where(IsDeliverable).ToList();
            message.RawRepresentation = null;
            changed = true;
        }

        if (changed)
        {
            response.RawRepresentation = null;
        }
    }

    /// <summary>Returns <paramref name="update"/>, or a copy without its undeliverable content.</summary>
    public static ChatResponseUpdate RemoveUnverifiable(ChatResponseUpdate update)
    {
        if (update.Contents.All(IsDeliverable))
        {
            return update;
        }

        ChatResponseUpdate copy = update.Clone();
        copy.Contents = update.Contents.Where(IsDeliverable).ToList();
        copy.RawRepresentation = null;
        return copy;
    }
}
