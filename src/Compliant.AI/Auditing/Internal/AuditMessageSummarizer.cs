using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Auditing.Internal;

/// <summary>Turns chat messages into <see cref="AuditMessageSummary"/> entries: role, length, keyed digest, and text only when configured.</summary>
internal sealed class AuditMessageSummarizer(AuditKey key, AuditContentCapture capture)
{
    private readonly AuditKey _key = key;
    private readonly AuditContentCapture _capture = capture;

    public AuditMessageSummary Summarize(ChatMessage message)
    {
        string text = message.Text;
        int other = 0;
        foreach (AIContent content in message.Contents)
        {
            if (content is not TextContent)
            {
                other++;
            }
        }

        return new AuditMessageSummary
        {
            Role = message.Role.Value,
            Length = text.Length,
            Digest = _key.DigestText(text),
            Text = _capture == AuditContentCapture.Full ? text : null,
            OtherContents = other,
        };
    }

    public List<AuditMessageSummary> Summarize(IEnumerable<ChatMessage> messages)
    {
        var list = new List<AuditMessageSummary>();
        foreach (ChatMessage message in messages)
        {
            list.Add(Summarize(message));
        }

        return list;
    }

    /// <summary>Accumulates a streamed answer's summaries without keeping its text (unless <see cref="AuditContentCapture.Full"/>).</summary>
    public StreamingSummary StartStreaming() => new(this);

    internal sealed class StreamingSummary : IDisposable
    {
        private readonly AuditMessageSummarizer _owner;
        private readonly List<Entry> _entries = [];

        public StreamingSummary(AuditMessageSummarizer owner)
        {
            _owner = owner;
        }

        public void Add(ChatResponseUpdate update)
        {
            string? messageId = update.MessageId;
            Entry entry = _entries.Count > 0 && (messageId is null || _entries[^1].MessageId == messageId)
                ? _entries[^1]
                : NewEntry(messageId, update.Role);
            foreach (AIContent content in update.Contents)
            {
                if (content is TextContent { Text: { Length: > 0 } text })
                {
                    entry.Append(text, _owner._capture == AuditContentCapture.Full);
                }
                else if (content is not TextContent and not UsageContent)
                {
                    entry.OtherContents++;
                }
            }
        }

        public List<AuditMessageSummary> Complete() => _entries.ConvertAll(e => e.ToSummary());

        public void Dispose()
        {
            foreach (Entry entry in _entries)
            {
                entry.Hash.Dispose();
            }
        }

        private Entry NewEntry(string? messageId, ChatRole? role)
        {
            var entry = new Entry(messageId, (role ?? ChatRole.Assistant).Value, _owner._key.CreateIncrementalMac());
            _entries.Add(entry);
            return entry;
        }

        private sealed class Entry(string? messageId, string role, IncrementalHash hash)
        {
            private readonly Encoder _encoder = Encoding.UTF8.GetEncoder();
            private StringBuilder? _text;

            public string? MessageId { get; } = messageId;

            public IncrementalHash Hash { get; } = hash;

            public int Length { get; private set; }

            public int OtherContents { get; set; }

            public void Append(string text, bool keep)
            {
                // A stateful encoder keeps a surrogate pair split across chunks intact, so the digest equals the
                // digest of the whole text computed by the non-streaming path.
                byte[] buffer = new byte[_encoder.GetByteCount(text, flush: false)];
                _encoder.GetBytes(text, buffer, flush: false);
                Hash.AppendData(buffer);
                Length += text.Length;
                if (keep)
                {
                    (_text ??= new()).Append(text);
                }
            }

            public AuditMessageSummary ToSummary()
            {
                byte[] tail = new byte[_encoder.GetByteCount([], flush: true)];
                _encoder.GetBytes([], tail, flush: true);
                Hash.AppendData(tail);
                return new()
                {
                    Role = role,
                    Length = Length,
                    Digest = Convert.ToBase64String(Hash.GetHashAndReset()),
                    Text = _text?.ToString(),
                    OtherContents = OtherContents,
                };
            }
        }
    }
}
