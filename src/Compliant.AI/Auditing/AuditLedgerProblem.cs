namespace Compliant.AI;

/// <summary>What is wrong with an audit ledger, as reported by <see cref="AuditLedgerVerifier"/>.</summary>
public enum AuditLedgerProblem
{
    /// <summary>Nothing: the ledger is intact.</summary>
    None,

    /// <summary>A line's MAC does not match its bytes while the lines after it still authenticate under the same key: the line was changed.</summary>
    ChangedLine,

    /// <summary>A line is missing: the next line's sequence number skips one or more numbers.</summary>
    MissingLine,

    /// <summary>A line appears a second time.</summary>
    DuplicatedLine,

    /// <summary>Lines are out of order.</summary>
    ReorderedLine,

    /// <summary>A line is authentic but does not chain to the line before it (its previous MAC differs).</summary>
    BrokenChain,

    /// <summary>The last line of the ledger is incomplete (no newline), typically from a crash during a write; <see cref="AuditLedgerRepair"/> can cut it.</summary>
    TornFinalLine,

    /// <summary>The ledger ends before the position recorded in its checkpoint: acknowledged lines were removed.</summary>
    TruncatedTail,

    /// <summary>A line or the checkpoint names a key id for which no key was given.</summary>
    UnknownKey,

    /// <summary>The key id changes without a key-rotation line.</summary>
    UnexpectedKeyChange,

    /// <summary>A line is not a well-formed ledger line (invalid JSON, missing or invalid fields).</summary>
    BadJson,

    /// <summary>A line's timestamp is earlier than the line before it.</summary>
    TimestampOutOfOrder,

    /// <summary>A ledger file is missing from the numbered sequence of files.</summary>
    MissingFile,

    /// <summary>The checkpoint names a position whose line differs from the ledger's line at that position.</summary>
    CheckpointMismatch,

    /// <summary>The checkpoint file is unreadable or its MAC does not match.</summary>
    BadCheckpoint,

    /// <summary>The ledger has lines but no checkpoint file, so a truncated tail could not be detected.</summary>
    MissingCheckpoint,

    /// <summary>
    /// The first line of a key id fails its MAC under the key given for that id while the chain is structurally
    /// consistent and the following line (or the checkpoint) fails under it too: the key is wrong, not the ledger.
    /// </summary>
    WrongKey,
}
