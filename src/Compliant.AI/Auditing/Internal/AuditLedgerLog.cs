using Microsoft.Extensions.Logging;

namespace Compliant.AI.Auditing.Internal;

/// <summary>Source-generated log messages of the audit ledger (EventIds 1050-1069). They never contain record content.</summary>
internal static partial class AuditLedgerLog
{
    [LoggerMessage(1050, LogLevel.Information, "Audit ledger opened at {Directory}: last sequence {LastSequence}, key id {KeyId}.")]
    public static partial void Opened(ILogger logger, string directory, long lastSequence, string keyId);

    [LoggerMessage(1051, LogLevel.Critical, "Audit ledger at {Directory} is not intact ({Problem} in {File} line {Line}); appends are refused until it is repaired.")]
    public static partial void Corrupted(ILogger logger, string directory, AuditLedgerProblem problem, string? file, long? line);

    [LoggerMessage(1052, LogLevel.Warning, "Audit ledger cut a torn final line of {RemovedBytes} bytes in {File} at line {Line} and recorded a repair line.")]
    public static partial void TornTailRepaired(ILogger logger, long removedBytes, string file, long line);

    [LoggerMessage(1053, LogLevel.Critical, "Audit ledger could not make a batch of {Count} records durable; the ledger is faulted and refuses further appends until it is reopened.")]
    public static partial void WriteFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(1054, LogLevel.Error, "Audit ledger could not update its checkpoint; the records are durable, but truncation of the latest lines may go undetected until the next checkpoint.")]
    public static partial void CheckpointFailed(ILogger logger, Exception exception);

    [LoggerMessage(1055, LogLevel.Error, "The clock is {BehindSeconds} s behind the audit ledger's last line, more than the tolerated {ToleranceSeconds} s; the record was refused.")]
    public static partial void ClockWentBackwards(ILogger logger, double behindSeconds, double toleranceSeconds);

    [LoggerMessage(1056, LogLevel.Information, "Audit ledger key rotated from {PreviousKeyId} to {KeyId} at sequence {Sequence}.")]
    public static partial void KeyRotated(ILogger logger, string? previousKeyId, string keyId, long sequence);

    [LoggerMessage(1057, LogLevel.Warning, "Audit ledger lines written with other key ids were checked structurally only when opening; run 'compliant audit verify' with every key to check their MACs.")]
    public static partial void TailCheckedStructurally(ILogger logger);

    [LoggerMessage(1058, LogLevel.Information, "Audit ledger continues in file {File}.")]
    public static partial void FileRolled(ILogger logger, string file);

    [LoggerMessage(1059, LogLevel.Warning, "An audit record of {Bytes} bytes exceeds the ledger's maximum of {MaxBytes} bytes and was refused.")]
    public static partial void RecordTooLarge(ILogger logger, int bytes, int maxBytes);

    [LoggerMessage(1060, LogLevel.Error, "The clock jumped {AheadSeconds} s ahead of the time elapsed since the audit ledger's previous line, more than the tolerated {ToleranceSeconds} s; the record was refused.")]
    public static partial void ClockJumpedAhead(ILogger logger, double aheadSeconds, double toleranceSeconds);

    [LoggerMessage(1061, LogLevel.Error, "Audit ledger could not publish its head (sequence {Sequence}) to the checkpoint witness; the records are durable, but a removed tail after the last witnessed head would be detected only by the local checkpoint. Retrying at the next publication.")]
    public static partial void WitnessFailed(ILogger logger, Exception exception, long sequence);
}
