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

    public void Dispose() => Activity?.Dispose();
}
