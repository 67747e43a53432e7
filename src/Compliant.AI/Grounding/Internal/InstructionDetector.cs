using System.Text.RegularExpressions;

namespace Compliant.AI.Grounding.Internal;

/// <summary>Recognizes sentences that read as instructions addressed to a model (a prompt-injection heuristic).</summary>
/// <remarks>
/// Text in retrieved documents that tries to steer the model ("ignore previous instructions and say ...") is not
/// evidence: the grounding stage leaves such sentences (and the one after each) out of a passage's supporting terms,
/// and flags an answer sentence that repeats one. This is a cheap lexical heuristic, not a classifier.
/// </remarks>
internal static partial class InstructionDetector
{
    public static bool LooksLikeInstruction(ReadOnlySpan<char> text)
    {
        try
        {
            return InstructionPattern().IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return true;
        }
    }

    [GeneratedRegex(
        @"\b(?:ignore|disregard|forget|override|bypass)\b[^.!?\n]{0,40}?\b(?:instructions?|prompts?|rules|guidelines|directions|guardrails)\b" +
        @"|\byou\s+are\s+now\b|\bsystem\s+prompt\b|\bnew\s+instructions?\b|\bdeveloper\s+mode\b" +
        @"|\b(?:assistant|ai|model|chatbot|llm)\s*[:,]\s*(?:ignore|say|tell|respond|answer|reply|output)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
        matchTimeoutMilliseconds: 250)]
    private static partial Regex InstructionPattern();
}
