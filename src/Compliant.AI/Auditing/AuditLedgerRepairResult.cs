namespace Compliant.AI;

/// <summary>The outcome of <see cref="AuditLedgerRepair.RepairAsync"/> and <see cref="AuditLedgerRepair.AcceptClockAsync"/>.</summary>
public sealed class AuditLedgerRepairResult
{
    /// <summary>Gets what the repair did.</summary>
    public AuditLedgerRepairStatus Status { get; init; }

    /// <summary>Gets the verification before the repair (its problem explains a <see cref="AuditLedgerRepairStatus.NotRepairable"/> ledger).</summary>
    public required AuditLedgerVerificationResult Verification { get; init; }

    /// <summary>Gets the file whose final line was cut, when repaired.</summary>
    public string? FileName { get; init; }

    /// <summary>Gets the 1-based line number of the cut line, when repaired.</summary>
    public long? LineNumber { get; init; }

    /// <summary>Gets the number of bytes removed, when repaired.</summary>
    public long RemovedBytes { get; init; }

    /// <summary>Gets the sequence number of the appended repair line, when repaired.</summary>
    public long RepairSequence { get; init; }

    /// <summary>Gets the ledger time of the last line before the clock was accepted, when <see cref="AuditLedgerRepairStatus.ClockAccepted"/>.</summary>
    public DateTimeOffset? PreviousLedgerTime { get; init; }

    /// <summary>Gets the clock time accepted, when <see cref="AuditLedgerRepairStatus.ClockAccepted"/>.</summary>
    public DateTimeOffset? AcceptedTime { get; init; }
}
