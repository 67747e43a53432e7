using System.Text.RegularExpressions;

namespace Compliant.AI.PromptInjection.Internal;

/// <summary>
/// Recognises a user's question <em>about</em> AI systems ("Why do chatbots sometimes refuse medical questions?", "Why did
/// the assistant ignore my previous instructions?", "What is the system prompt of a chatbot?"): a description of how
/// assistants behave, not an instruction to this one.
/// </summary>
/// <remarks>
/// <para>
/// The words of such a question are the words of an attack (refuse, ignore instructions, system prompt, jailbreak), so
/// both the signatures and the model see them; what differs is the grammar: one interrogative sentence whose subject is
/// an assistant in the third person, with no second person addressing the model and nothing quoted or introduced by a
/// colon (which could carry a payload). For such a question the detector keeps the evidence but weakens it: signature
/// weights are capped at <see cref="SignatureCap"/> and the model's probability is scaled by <see cref="ModelFactor"/>, so
/// only strong evidence together still reaches the operating point.
/// </para>
/// <para>Linear: three non-backtracking expressions over a text of at most <see cref="MaxLength"/> characters.</para>
/// </remarks>
internal static partial class QuestionAboutAssistants
{
    /// <summary>The largest weight a signature keeps inside a question about assistants.</summary>
    public const double SignatureCap = 0.4;

    /// <summary>The factor applied to the model's probability inside a question about assistants.</summary>
    public const double ModelFactor = 0.5;

    /// <summary>The longest text judged (a question, not a prompt that contains one).</summary>
    public const int MaxLength = 200;

    // Characters that end a sentence inside the question or introduce quoted text (which could carry a payload).
    private static readonly System.Buffers.SearchValues<char> Payload = System.Buffers.SearchValues.Create("?!:;\"`\n");

    /// <summary>Returns whether <paramref name="folded"/> is one question about assistants in the third person.</summary>
    public static bool Matches(string folded)
    {
        ReadOnlySpan<char> text = folded.AsSpan().Trim();
        if (text.Length == 0 || text.Length > MaxLength || text[^1] != '?' || text[..^1].IndexOfAny(Payload) >= 0
            || text[..^1].Contains(". ", StringComparison.Ordinal) || text.Contains(" '", StringComparison.Ordinal))
        {
            return false;
        }

        return Interrogative().IsMatch(text) && ThirdPersonAssistant().IsMatch(text) && !SecondPerson().IsMatch(text);
    }

    [GeneratedRegex(
        @"^(?:why|how|what|when|where|which|who|whose|is|are|do|does|did|can|could|should|would|will|was|were|has|have" +
        @"|warum|wieso|weshalb|wie|was|wann|wo|welche[rsnm]?|wer|ist|sind|kann|konnen|durfen|sollte|sollten|haben|hat)\b",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Interrogative();

    [GeneratedRegex(
        @"\b(?:chat ?bots?|ais|ai (?:assistants?|models?|systems?|tools?|chatbots?)|an ai|the ai|assistants?|language models?|llms?|models?|chatgpt|gpt-?\d*|claude|gemini|copilot|bots?" +
        @"|ki|ki-(?:assistenten?|modelle?|systeme?)|sprachmodelle?|assistenten)\b",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex ThirdPersonAssistant();

    [GeneratedRegex(
        @"\b(?:you|your|yours|yourself|you're|youre|u|du|dich|dir|dein|deine|deinen|deiner|deines)\b",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex SecondPerson();
}
