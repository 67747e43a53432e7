using Microsoft.Extensions.Logging;

namespace Compliant.AI.Pii.Internal;

/// <summary>PII detection log messages (EventIds 1180-1199). Never text or values: only counts, names and lengths.</summary>
internal static partial class PiiDetectionLog
{
    [LoggerMessage(1180, LogLevel.Debug, "PII detector ready with {RecognizerCount} recognizers covering {EntityTypeCount} entity types.")]
    public static partial void DetectorCreated(ILogger logger, int recognizerCount, int entityTypeCount);

    [LoggerMessage(1181, LogLevel.Warning, "Custom PII pattern '{PatternName}' cannot run non-backtracking; it runs with a {TimeoutMs} ms match timeout.")]
    public static partial void CustomPatternBacktracking(ILogger logger, string patternName, double timeoutMs);

    [LoggerMessage(1182, LogLevel.Trace, "Detected {EntityCount} PII entities in {TextLength} characters.")]
    public static partial void Detected(ILogger logger, int entityCount, int textLength);
}
