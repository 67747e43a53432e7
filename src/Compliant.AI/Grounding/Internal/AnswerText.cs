using System.Text;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Grounding.Internal;

/// <summary>
/// The text a caller receives in a response: the text of every message, whatever its role, in order, one message per
/// paragraph (separated by a blank line), so a second assistant message or a tool-role message is verified like the first.
/// </summary>
/// <remarks>
/// Content that carries text the stage cannot verify (reasoning, errors, data and URI content, hosted tools' results, a
/// function result that no tool produced, a provider's own citation annotations) is removed from what is delivered; tool
/// calls, the results a function-invocation stage added for them, approvals and usage pass unchanged.
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

    /// <summary>
    /// Returns whether the stage delivers <paramref name="content"/> as it is: text (verified), tool calls, usage and
    /// approvals. A <see cref="FunctionResultContent"/> is delivered only as the record of a call (see <see cref="AnswerContentFilter"/>);
    /// everything else carries text the stage cannot verify.
    /// </summary>
    public static bool IsDeliverable(AIContent content) =>
        content is TextContent or FunctionCallContent or UsageContent or ToolApprovalRequestContent or ToolApprovalResponseContent;

    /// <summary>
    /// Removes undeliverable content from every message (and messages left empty by it); a changed message loses its raw
    /// provider representation, and so does the response.
    /// </summary>
    public static void RemoveUnverifiable(ChatResponse response)
    {
        var filter = new AnswerContentFilter();
        bool changed = false;
        for (int i = 0; i < response.Messages.Count; i++)
        {
            ChatMessage message = response.Messages[i];
            if (filter.Filter(message.Role, message.Contents) is not { } kept)
            {
                continue;
            }

            changed = true;
            if (kept.Count == 0 && message.Contents.Count > 0)
            {
                response.Messages.RemoveAt(i--);
                continue;
            }

            message.Contents = kept;
            message.RawRepresentation = null;
        }

        if (changed)
        {
            response.RawRepresentation = null;
        }
    }
}
