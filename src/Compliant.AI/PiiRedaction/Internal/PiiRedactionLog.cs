using Microsoft.Extensions.Logging;

namespace Compliant.AI.PiiRedaction.Internal;

/// <summary>Source-generated log messages of the PII redaction stage (event ids 1150-1199). Types and counts only, never values.</summary>
internal static partial class PiiRedactionLog
{
    [LoggerMessage(EventId = 1151, Level = LogLevel.Debug, Message = "Restored {Count} placeholders in the answer.")]
    public static partial void Restored(ILogger logger, int count);

    [LoggerMessage(EventId = 1152, Level = LogLevel.Warning, Message = "PII redaction failed with {ErrorType}; the request was not sent.")]
    public static partial void RedactionFailed(ILogger logger, string errorType);
}
