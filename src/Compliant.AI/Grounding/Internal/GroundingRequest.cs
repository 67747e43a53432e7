using System.Diagnostics;
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

    /// <summary>The text the citation check reads: a JSON answer's string values, otherwise the answer as it is.</summary>
    public string CheckedText(string answer) => JsonAnswer && Internal.JsonAnswer.TryGetProse(answer, out string prose) ? prose : answer;

    public void Dispose() => Activity?.Dispose();
}
