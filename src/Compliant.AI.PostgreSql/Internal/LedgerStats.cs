namespace Compliant.AI.PostgreSql.Internal;

/// <summary>Counters of one ledger's writer loop, to see where the time of an append goes; updated with <see cref="Interlocked"/>.</summary>
internal sealed class LedgerStats
{
#pragma warning disable SA1401, CA1051 // Fields, so Interlocked can update them.
    /// <summary>Batches committed.</summary>
    public long Batches;

    /// <summary>Records committed.</summary>
    public long Records;

    /// <summary>Compare-and-set statements that found the head moved by another instance (they changed nothing).</summary>
    public long CasLost;

    /// <summary>Batches that went through the locked path (head unknown or lost).</summary>
    public long Locked;

    /// <summary>Time spent waiting for the head row's lock and reading it, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
    public long LockWaitTicks;

    /// <summary>Time from sending a batch's first statement to its commit, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
    public long CommitTicks;

    /// <summary>Batches whose statement or commit was cut off and were settled on a fresh connection.</summary>
    public long Settled;

    /// <summary>Settled batches found committed.</summary>
    public long SettledCommitted;

    /// <summary>Settled batches found absent and committed again.</summary>
    public long SettledRetried;
#pragma warning restore SA1401, CA1051

    public override string ToString() =>
        FormattableString.Invariant($"batches={Batches} records={Records} casLost={CasLost} locked={Locked} lockWaitMs={LockWaitTicks * 1000 / System.Diagnostics.Stopwatch.Frequency} commitMs={CommitTicks * 1000 / System.Diagnostics.Stopwatch.Frequency} settled={Settled} settledCommitted={SettledCommitted} settledRetried={SettledRetried}");
}
