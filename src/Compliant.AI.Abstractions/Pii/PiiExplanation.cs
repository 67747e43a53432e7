namespace Compliant.AI;

/// <summary>Why a <see cref="PiiEntity"/> was detected. Contains no part of the detected value.</summary>
/// <param name="Recognizer">The name of the recognizer that found the entity.</param>
public sealed record PiiExplanation(string Recognizer)
{
    /// <summary>Gets the name of the pattern that matched, if any.</summary>
    public string? Pattern { get; init; }

    /// <summary>Gets the score before context enhancement.</summary>
    public double OriginalScore { get; init; }

    /// <summary>Gets the context words found near the entity that raised its score.</summary>
    public IReadOnlyList<string>? ContextWords { get; init; }

    /// <summary>Gets the validation applied (for example <c>luhn</c>, <c>mod97</c>), if any.</summary>
    public string? Validation { get; init; }
}
