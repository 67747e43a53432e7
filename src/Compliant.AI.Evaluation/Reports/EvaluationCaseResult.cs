namespace Compliant.AI;

/// <summary>The outcome of one case of a dataset.</summary>
public sealed class EvaluationCaseResult
{
    /// <summary>Gets the case id from the dataset (or its line number).</summary>
    public required string Id { get; init; }

    /// <summary>Gets the case's slice (its <c>slice</c> field), or <see langword="null"/>.</summary>
    public string? Slice { get; init; }

    /// <summary>Gets the case's own metric values (for <see cref="EvaluationThresholdRule.EveryCase"/> gates), by metric name; <c>latencyMs</c> and <c>tokens</c> too.</summary>
    public IReadOnlyDictionary<string, double> Values { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Gets the raw counts the dataset's aggregate metrics are computed from (true positives per type, facts found, ...).</summary>
    public IReadOnlyDictionary<string, double> Counts { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Gets a short verdict for people (<c>ok</c>, <c>REFUSED</c>, <c>missed PERSON</c>, ...).</summary>
    public string Verdict { get; init; } = "ok";

    /// <summary>Gets the case's text with personal data replaced by its entity type (<c>&lt;PERSON&gt;</c>), for the failing-case listing; never the raw text.</summary>
    public string? RedactedText { get; init; }

    /// <summary>Gets the type of the exception the evaluated pipeline threw, or <see langword="null"/>. An error fails the dataset (fail closed).</summary>
    public string? Error { get; init; }
}
