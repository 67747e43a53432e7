using Microsoft.Extensions.Logging;

namespace Compliant.AI.StructuredOutput.Internal;

/// <summary>Source-generated log messages of the structured-output stage (EventIds 1400-1449). Codes and counts only, never answer text.</summary>
internal static partial class StructuredOutputLog
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Debug, Message = "Structured output attempt {Attempt} of {MaxAttempts} rejected: {Reason} ({ErrorCount} errors).")]
    public static partial void AttemptRejected(ILogger logger, int attempt, int maxAttempts, string reason, int errorCount);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Structured output still invalid after {Attempts} attempts: {Reason} ({ErrorCount} errors).")]
    public static partial void AttemptsExhausted(ILogger logger, int attempts, string reason, int errorCount);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Debug, Message = "Structured output valid on attempt {Attempt}.")]
    public static partial void Accepted(ILogger logger, int attempt);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "Structured output invalid (observe mode, returned unchanged): {Reason} ({ErrorCount} errors).")]
    public static partial void ObservedInvalid(ILogger logger, string reason, int errorCount);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Error, Message = "The requested JSON schema cannot be compiled.")]
    public static partial void SchemaInvalid(ILogger logger, Exception exception);
}
