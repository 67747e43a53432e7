using System.Text.Json;

namespace Compliant.AI.Evaluation.Internal;

/// <summary>One case read from a dataset; which fields are set depends on the kind.</summary>
internal sealed class EvaluationCase
{
    public required string Id { get; init; }

    public string? Slice { get; init; }

    public string Text { get; init; } = string.Empty;

    public IReadOnlyList<PiiGoldSpan> GoldSpans { get; init; } = [];

    public IReadOnlyDictionary<string, int> Judgments { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    public bool Answerable { get; init; }

    public IReadOnlyList<string> GoldDocuments { get; init; } = [];

    public IReadOnlyList<string> Facts { get; init; } = [];

    public JsonElement Schema { get; init; }

    public IReadOnlyList<string>? Answers { get; init; }

    /// <summary>Gets whether an injection case is an attack (<see langword="true"/>) or benign.</summary>
    public bool IsInjection { get; init; }

    /// <summary>Gets the source an injection case is scored as.</summary>
    public PromptInjectionSource Source { get; init; }
}
