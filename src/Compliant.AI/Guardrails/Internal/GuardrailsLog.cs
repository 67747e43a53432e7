using Microsoft.Extensions.Logging;

namespace Compliant.AI.Guardrails.Internal;

/// <summary>
/// The guardrails stage's log messages: sources, actions, scores, signal names and the ids of flagged passages and tool
/// calls only, never content. One event id (9001) for every source.
/// </summary>
internal static partial class GuardrailsLog
{
#pragma warning disable SYSLIB1006 // one event id, 9001, for a flagged text whatever its source; the parameters differ by source
    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Prompt injection suspected in {Source} text (score {Score:F3}, signals {Signals}); action {Action}.")]
    public static partial void Flagged(ILogger logger, PromptInjectionSource source, double score, string signals, GuardrailAction action);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Prompt injection suspected in {Source} text (score {Score:F3}, signals {Signals}); action {Action}; document {DocumentId}, chunk {ChunkId}.")]
    public static partial void FlaggedPassage(ILogger logger, PromptInjectionSource source, double score, string signals, GuardrailAction action, string? documentId, string? chunkId);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Prompt injection suspected in {Source} text (score {Score:F3}, signals {Signals}); action {Action}; function {FunctionName}, call {CallId}.")]
    public static partial void FlaggedToolResult(ILogger logger, PromptInjectionSource source, double score, string signals, GuardrailAction action, string? functionName, string? callId);
#pragma warning restore SYSLIB1006
}
