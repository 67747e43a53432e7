namespace Compliant.AI;

/// <summary>A summary of one chat message in an <see cref="AuditRecord"/>: role, size and a keyed digest of its text.</summary>
/// <remarks>
/// The digest is HMAC-SHA256 over the UTF-8 text with the audit key, so a reviewer holding the original text (and the
/// key) can prove it is the one that was sent, while the record alone reveals nothing about the content.
/// </remarks>
public sealed class AuditMessageSummary
{
    /// <summary>Gets or sets the message role (<c>system</c>, <c>user</c>, <c>assistant</c>, <c>tool</c>).</summary>
    public string Role { get; set; } = string.Empty;

    /// <summary>Gets or sets the length of the message text in UTF-16 code units.</summary>
    public int Length { get; set; }

    /// <summary>Gets or sets the base64 HMAC-SHA256 digest of the message text.</summary>
    public string? Digest { get; set; }

    /// <summary>Gets or sets the text as the model saw it after redaction. Reserved: no stage fills it yet (schema v1 keeps the field so records stay stable when one does).</summary>
    public string? RedactedText { get; set; }

    /// <summary>Gets or sets the raw text, stored only when the sensitive-content option is explicitly on.</summary>
    public string? Text { get; set; }

    /// <summary>Gets or sets the number of non-text contents (function calls, results, data) in the message.</summary>
    public int OtherContents { get; set; }
}
