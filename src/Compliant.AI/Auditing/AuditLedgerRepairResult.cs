namespace Compliant.AI;

/// <summary>The outcome of <see cref="AuditLedgerRepair.RepairAsync(string, IEnumerable{AuditKey}, TimeProvider?, CancellationToken)"/>.</summary>
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
}
