using Microsoft.Extensions.Logging;

namespace Compliant.AI.Guardrails.Internal;

/// <summary>The guardrails stage's log messages: sources, actions, scores and signal names only, never content.</summary>
internal static partial class GuardrailsLog
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Prompt injection suspected in {Source} text (score {Score:F3}, signals {Signals}); action {Action}.")]
    public static partial void Flagged(ILogger logger, PromptInjectionSource source, double score, string signals, GuardrailAction action);
}
