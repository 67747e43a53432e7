namespace Compliant.AI;

/// <summary>What <see cref="AuditLedgerRepair"/> did.</summary>
public enum AuditLedgerRepairStatus
{
    /// <summary>The ledger was intact; nothing was changed.</summary>
    NothingToRepair,

    /// <summary>A torn final line was cut and a repair line appended; the ledger now verifies.</summary>
    Repaired,

    /// <summary>The ledger has a problem other than a torn final line; nothing was changed.</summary>
    NotRepairable,

    /// <summary>The ledger's last line was dated ahead of the clock; a <c>clock</c> line accepting the clock was appended.</summary>
    ClockAccepted,

    /// <summary>The witness held no checkpoint; the intact ledger's head was published to it.</summary>
    WitnessInitialized,
}
