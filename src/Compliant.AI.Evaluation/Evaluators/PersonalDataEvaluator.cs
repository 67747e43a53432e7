using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Compliant.AI;

/// <summary>
/// A leak check as a Microsoft.Extensions.AI.Evaluation <see cref="IEvaluator"/>: runs an <see cref="IPiiDetector"/>
/// over the answer and reports whether, and how much, personal data it holds. Needs no model (it ignores the chat
/// configuration).
/// </summary>
/// <remarks>
/// Use it on answers that must not carry personal data (a summary written after redaction, a reply restored only where
/// policy allows). The reason lists entity types and counts, never the values. Entity types the answer may hold
/// (for example <c>DATE_TIME</c>) can be allowed.
/// </remarks>
public sealed class PersonalDataEvaluator : IEvaluator
{
    /// <summary>The metric that is true when the answer holds personal data of a type that is not allowed.</summary>
    public const string FoundMetricName = "Compliant Personal Data Found";

    /// <summary>The number of personal-data values of types that are not allowed.</summary>
    public const string CountMetricName = "Compliant Personal Data Count";

    private readonly IPiiDetector _detector;
    private readonly HashSet<string> _allowed;

    /// <summary>Initializes a new instance of the <see cref="PersonalDataEvaluator"/> class.</summary>
    /// <param name="detector">The detector (the pipeline's own, so the check matches what redaction would catch).</param>
    /// <param name="allowedEntityTypes">Entity types the answer may hold; <see langword="null"/> for none.</param>
    public PersonalDataEvaluator(IPiiDetector detector, IEnumerable<string>? allowedEntityTypes = null)
    {
        ArgumentNullException.ThrowIfNull(detector);
        _detector = detector;
        _allowed = new HashSet<string>(allowedEntityTypes ?? [], StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> EvaluationMetricNames { get; } = [FoundMetricName, CountMetricName];

    /// <inheritdoc />
    public ValueTask<EvaluationResult> EvaluateAsync(
        IEnumerable<ChatMessage> messages,
        ChatResponse modelResponse,
        ChatConfiguration? chatConfiguration = null,
        IEnumerable<EvaluationContext>? additionalContext = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modelResponse);
        var found = new BooleanMetric(FoundMetricName);
        var count = new NumericMetric(CountMetricName);
        var result = new EvaluationResult(found, count);
        List<IGrouping<string, PiiEntity>> byType = [.. _detector.Detect(modelResponse.Text, cancellationToken)
            .Where(e => !_allowed.Contains(e.Type))
            .GroupBy(e => e.Type, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)];
        int total = byType.Sum(g => g.Count());
        found.Value = total > 0;
        count.Value = total;
        string reason = total == 0 ? "none" : string.Join(", ", byType.Select(g => $"{g.Key} x{g.Count()}"));
        found.Reason = reason;
        count.Reason = reason;
        return ValueTask.FromResult(result);
    }
}
