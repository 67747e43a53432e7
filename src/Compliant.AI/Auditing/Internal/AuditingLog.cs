using Microsoft.Extensions.Logging;

namespace Compliant.AI.Auditing.Internal;

/// <summary>Log messages of the auditing stage (event ids 1090-1099). They carry record ids and type names, never content.</summary>
internal static partial class AuditingLog
{
    [LoggerMessage(EventId = 1090, Level = LogLevel.Debug, Message = "Audit record {RecordId} written with outcome {Outcome}.")]
    public static partial void AuditRecordWritten(ILogger logger, string recordId, AuditOutcome outcome);

    [LoggerMessage(EventId = 1091, Level = LogLevel.Error, Message = "Audit record {RecordId} could not be written ({ErrorType}); the interaction fails closed.")]
    public static partial void AuditWriteFailed(ILogger logger, string recordId, string errorType);

    [LoggerMessage(EventId = 1092, Level = LogLevel.Critical, Message = "Audit record {RecordId} could not be written ({ErrorType}) and was DROPPED because the audit failure policy is FailOpen.")]
    public static partial void AuditRecordDropped(ILogger logger, string recordId, string errorType);

    [LoggerMessage(EventId = 1093, Level = LogLevel.Warning, Message = "Streaming interaction {RecordId} was not read for {TimeoutMs} ms after an update: recorded as abandoned and closed.")]
    public static partial void StreamAbandoned(ILogger logger, string recordId, double timeoutMs);
}
