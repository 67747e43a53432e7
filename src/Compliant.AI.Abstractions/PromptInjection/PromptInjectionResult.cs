namespace Compliant.AI;

/// <summary>The verdict of an <see cref="IPromptInjectionDetector"/> on one text.</summary>
/// <remarks>Carries no content: only a score, a decision and signal names (see <see cref="PromptInjectionSignals"/>).</remarks>
public sealed class PromptInjectionResult
{
    /// <summary>A result for text in which nothing fired.</summary>
    public static PromptInjectionResult Clean { get; } = new(0, false, []);

    /// <summary>Initializes a new instance of the <see cref="PromptInjectionResult"/> class.</summary>
    /// <param name="score">The injection score in [0, 1].</param>
    /// <param name="flagged">Whether the score reached the operating point of the source.</param>
    /// <param name="signals">The names of the signals that fired.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="score"/> is not in [0, 1].</exception>
    /// <exception cref="ArgumentNullException"><paramref name="signals"/> is <see langword="null"/>.</exception>
    public PromptInjectionResult(double score, bool flagged, IReadOnlyList<string> signals)
    {
        if (double.IsNaN(score) || score < 0 || score > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(score), "The score must be between 0 and 1.");
        }

        ArgumentNullException.ThrowIfNull(signals);
        Score = score;
        Flagged = flagged;
        Signals = signals;
    }

    /// <summary>Gets the injection score in [0, 1]; higher is more likely an injection.</summary>
    public double Score { get; }

    /// <summary>Gets a value indicating whether the score reached the operating point of the source.</summary>
    public bool Flagged { get; }

    /// <summary>Gets the names of the signals that fired, in a stable order; never the matched text.</summary>
    public IReadOnlyList<string> Signals { get; }
}
