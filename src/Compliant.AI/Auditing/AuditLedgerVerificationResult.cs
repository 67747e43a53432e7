namespace Compliant.AI;

/// <summary>The outcome of verifying an audit ledger with <see cref="AuditLedgerVerifier"/>.</summary>
/// <remarks>No member ever contains record content: only counts, file names, line numbers, key ids and fixed reasons.</remarks>
public sealed class AuditLedgerVerificationResult
{
    /// <summary>Gets a value indicating whether the ledger is intact.</summary>
    public bool IsIntact => Problem == AuditLedgerProblem.None;

    /// <summary>Gets the first problem found, or <see cref="AuditLedgerProblem.None"/>.</summary>
    public AuditLedgerProblem Problem { get; init; }

    /// <summary>Gets the file name (without directory) where the first problem is, when it is in a file.</summary>
    public string? FileName { get; init; }

    /// <summary>Gets the 1-based line number, within <see cref="FileName"/>, of the first bad line.</summary>
    public long? LineNumber { get; init; }

    /// <summary>Gets a one-line explanation of the problem, or <see cref="string.Empty"/> when intact.</summary>
    public string Reason { get; init; } = string.Empty;

    /// <summary>Gets the number of audit records (lines of kind <c>record</c>) verified before the first problem.</summary>
    public long RecordCount { get; init; }

    /// <summary>Gets the number of lines of every kind verified before the first problem.</summary>
    public long LineCount { get; init; }

    /// <summary>Gets the number of ledger files examined.</summary>
    public int FileCount { get; init; }

    /// <summary>Gets the sequence number of the last good line, or 0.</summary>
    public long LastSequence { get; init; }

    /// <summary>Gets a value indicating whether a checkpoint was found, authenticated and matched.</summary>
    public bool CheckpointVerified { get; init; }

    /// <summary>
    /// Gets the sequence number of the head the witness holds, when a witness was given and the ledger is intact;
    /// records after it are covered only by the local checkpoint.
    /// </summary>
    public long? WitnessedSequence { get; init; }

    /// <summary>Returns a one-line summary: <c>intact: N records</c> or the first problem with its location.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => IsIntact
        ? $"intact: {RecordCount} records{(WitnessedSequence is { } witnessed ? $" (witnessed through sequence {witnessed} of {LastSequence})" : string.Empty)}"
        : $"not intact: {Problem} at {FileName ?? "(ledger)"}{(LineNumber is { } line ? $" line {line}" : string.Empty)}: {Reason}";
}
