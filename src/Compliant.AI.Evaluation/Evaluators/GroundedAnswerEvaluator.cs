using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Compliant.AI;

/// <summary>
/// The grounded-QA measures of <c>compliant eval</c> as a Microsoft.Extensions.AI.Evaluation <see cref="IEvaluator"/>:
/// whether the answer was correct to refuse or answer, the citation precision, the key-fact recall and whether the
/// grounding check found unsupported claims. Reads the <see cref="GroundingResult"/> the grounding stage attaches to
/// the response; needs no model (it ignores the chat configuration).
/// </summary>
/// <remarks>
/// Pass a <see cref="GroundedAnswerContext"/> as additional context. A metric that does not apply (citation precision
/// of a refusal) has no value and is marked as such; without the context or a grounding result, every metric carries
/// an error diagnostic and no value (fail closed), never a passing score.
/// </remarks>
public sealed class GroundedAnswerEvaluator : IEvaluator
{
    /// <summary>The metric that is true when the pipeline answered an answerable question or refused an unanswerable one.</summary>
    public const string CorrectDecisionMetricName = "Compliant Correct Answer-or-Refusal";

    /// <summary>The share of citations that point at a gold document.</summary>
    public const string CitationPrecisionMetricName = "Compliant Citation Precision";

    /// <summary>The share of key facts the answer states.</summary>
    public const string KeyFactRecallMetricName = "Compliant Key Fact Recall";

    /// <summary>The metric that is true when the grounding check found a claim no source supports.</summary>
    public const string UnsupportedClaimMetricName = "Compliant Unsupported Claim";

    /// <inheritdoc />
    public IReadOnlyCollection<string> EvaluationMetricNames { get; } = [CorrectDecisionMetricName, CitationPrecisionMetricName, KeyFactRecallMetricName, UnsupportedClaimMetricName];

    /// <inheritdoc />
    public ValueTask<EvaluationResult> EvaluateAsync(
        IEnumerable<ChatMessage> messages,
        ChatResponse modelResponse,
        ChatConfiguration? chatConfiguration = null,
        IEnumerable<EvaluationContext>? additionalContext = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modelResponse);
        var decision = new BooleanMetric(CorrectDecisionMetricName);
        var precision = new NumericMetric(CitationPrecisionMetricName);
        var recall = new NumericMetric(KeyFactRecallMetricName);
        var unsupported = new BooleanMetric(UnsupportedClaimMetricName);
        var result = new EvaluationResult(decision, precision, recall, unsupported);
        GroundedAnswerContext? golden = additionalContext?.OfType<GroundedAnswerContext>().FirstOrDefault();
        GroundingResult? grounding = modelResponse.GetGroundingResult();
        if (golden is null || grounding is null)
        {
            result.AddDiagnosticsToAllMetrics(EvaluationDiagnostic.Error(golden is null
                ? $"No {nameof(GroundedAnswerContext)} was supplied."
                : "The response carries no grounding result: is the grounding stage in the pipeline?"));
            return ValueTask.FromResult(result);
        }

        bool refused = grounding.Refused;
        decision.Value = golden.Answerable != refused;
        decision.Reason = refused ? "refused: " + (grounding.Reason ?? "unknown") : "answered";
        if (!refused)
        {
            unsupported.Value = grounding.UnsupportedClaims.Count > 0;
            if (grounding.Citations.Count > 0)
            {
                int gold = grounding.Citations.Count(c => golden.GoldDocuments.Contains(c.DocumentId, StringComparer.Ordinal));
                precision.Value = (double)gold / grounding.Citations.Count;
            }
        }

        if (golden.Answerable && golden.KeyFacts.Count > 0)
        {
            recall.Value = refused ? 0 : (double)golden.KeyFacts.Count(f => KeyFacts.Contains(modelResponse.Text, f)) / golden.KeyFacts.Count;
        }

        foreach (EvaluationMetric metric in (EvaluationMetric[])[precision, recall, unsupported])
        {
            if (metric is NumericMetric { Value: null } or BooleanMetric { Value: null })
            {
                metric.AddDiagnostics(EvaluationDiagnostic.Informational("Not applicable to this response."));
            }
        }

        return ValueTask.FromResult(result);
    }
}
