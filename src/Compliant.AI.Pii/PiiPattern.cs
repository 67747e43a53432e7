using System.Text.RegularExpressions;

namespace Compliant.AI;

/// <summary>A regular expression a <see cref="PatternPiiRecognizer"/> matches, with the score a match gets before validation and context.</summary>
/// <remarks>
/// When <see cref="Regex"/> has a group named <c>value</c>, the entity spans that group only, so a pattern can require a
/// keyword (<c>MRN:\s*(?&lt;value&gt;\d{6,10})</c>) without including it in the entity. Use
/// <see cref="RegexOptions.NonBacktracking"/> or a match timeout: a recognizer must never hang.
/// </remarks>
/// <param name="Name">The pattern's name, reported in <see cref="PiiExplanation.Pattern"/>.</param>
/// <param name="Regex">The expression.</param>
/// <param name="Score">The score of a match, from 0 to 1.</param>
public sealed record PiiPattern(string Name, Regex Regex, double Score)
{
    /// <summary>Gets where matches can occur, for built-in patterns; <see langword="null"/> scans the whole text.</summary>
    internal Pii.Internal.MatchWindows? Windows { get; init; }
}
