namespace Compliant.AI;

/// <summary>Scores text for prompt injection: instructions that try to override, impersonate or exfiltrate.</summary>
/// <remarks>
/// Implementations are thread-safe, finish in time linear in the text length, and never throw for odd input. A result
/// names the signals that fired, never the text that matched them, so it may be logged, traced and audited.
/// </remarks>
public interface IPromptInjectionDetector
{
    /// <summary>Scores <paramref name="text"/> at the operating point of <paramref name="source"/>.</summary>
    /// <param name="text">The text to scan.</param>
    /// <param name="source">Where the text comes from: the user's own turn, or untrusted content the pipeline brings in.</param>
    /// <param name="cancellationToken">A token to cancel the scan.</param>
    /// <returns>The score, the decision and the names of the signals that fired.</returns>
    PromptInjectionResult Detect(string text, PromptInjectionSource source = PromptInjectionSource.User, CancellationToken cancellationToken = default);
}
