using System.Diagnostics;
using System.Text;
using Compliant.AI.PiiRedaction.Internal;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Grounding.Internal;

/// <summary>The state of one grounded request: the sources injected for this caller, the augmented prompt, the span.</summary>
internal sealed class GroundingRequest : IDisposable
{
    public GroundingRequest(Activity? activity, AuditScope? audit)
    {
        Activity = activity;
        Audit = audit;
    }

    public Activity? Activity { get; }

    public AuditScope? Audit { get; }

    public IReadOnlyList<GroundingSource> Sources { get; set; } = [];

    public List<ChatMessage> Messages { get; set; } = [];

    public int DeniedCount { get; set; }

    /// <summary>Gets or sets the passages the retriever returned for this caller (all readable by it), in rank order.</summary>
    public IReadOnlyList<GroundingPassage> Passages { get; set; } = [];

    /// <summary>Gets or sets the retriever's evidence figure, when it reports one.</summary>
    public double? EvidenceScore { get; set; }

    /// <summary>Gets or sets the reason the request is refused before the model is called, if it is.</summary>
    public string? RefusalReason { get; set; }

    /// <summary>Gets or sets a value indicating whether the caller asked for JSON: the answer's string values are checked, and a refusal is thrown.</summary>
    public bool JsonAnswer { get; set; }

    /// <summary>
    /// The text the citation check reads: a JSON answer's string values, otherwise the answer as it is; redaction
    /// placeholders (<c>&lt;EMAIL_ADDRESS_1&gt;</c>) are blanked, because with restoration off they stand for a value of the
    /// passages the check reads in clear, and are neither support nor claim.
    /// </summary>
    public string CheckedText(string answer) =>
        WithoutPlaceholders(JsonAnswer && Internal.JsonAnswer.TryGetProse(answer, out string prose) ? prose : answer);

    private static string WithoutPlaceholders(string text)
    {
        int at = text.IndexOf('<', StringComparison.Ordinal);
        if (at < 0)
        {
            return text;
        }

        StringBuilder? builder = null;
        int copied = 0;
        for (; at >= 0 && at < text.Length; at = text.IndexOf('<', at + 1))
        {
            if (PlaceholderSyntax.MatchAt(text, at, out int length) == PlaceholderSyntax.Match.Full)
            {
                builder ??= new StringBuilder(text.Length);
                builder.Append(text, copied, at - copied).Append(' ');
                copied = at + length;
                at = copied - 1;
            }
        }

        return builder is null ? text : builder.Append(text, copied, text.Length - copied).ToString();
    }

    public void Dispose() => Activity?.Dispose();
}
