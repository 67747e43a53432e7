using System.Text;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Grounding.Internal;

/// <summary>Accumulates the text of streamed updates as <see cref="AnswerText"/> would read the combined response: one paragraph per message.</summary>
internal sealed class AnswerTextBuilder
{
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _message = new();
    private string? _messageId;
    private ChatRole? _role;

    /// <summary>Adds the text of one update; a new message id or role starts a new message, as <c>ToChatResponse</c> does.</summary>
    public void Add(ChatResponseUpdate update)
    {
        bool newMessage = (update.MessageId is { Length: > 0 } id && _messageId is not null && id != _messageId)
            || (update.Role is { } role && _role is { } current && role != current);
        if (newMessage)
        {
            Flush();
        }

        _messageId = update.MessageId is { Length: > 0 } ? update.MessageId : _messageId;
        _role = update.Role ?? _role;
        _message.Append(update.Text);
    }

    /// <inheritdoc />
    public override string ToString()
    {
        Flush();
        return _text.ToString();
    }

    private void Flush()
    {
        if (_message.Length == 0)
        {
            return;
        }

        if (_text.Length > 0)
        {
            _text.Append(AnswerText.MessageSeparator);
        }

        _text.Append(_message);
        _message.Clear();
    }
}
