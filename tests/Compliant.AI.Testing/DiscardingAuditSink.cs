namespace Compliant.AI.Testing;

/// <summary>An audit sink that keeps only the last record and stores nothing: isolates a stage's own cost from any storage.</summary>
/// <remarks>Not thread-safe in what <see cref="Last"/> shows when writes race; enough for a benchmark that writes from one caller.</remarks>
public sealed class DiscardingAuditSink : IAuditSink
{
    /// <summary>Gets the record written last, or <see langword="null"/> before the first write.</summary>
    public AuditRecord? Last { get; private set; }

    /// <inheritdoc />
    public ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        Last = record;
        return ValueTask.CompletedTask;
    }
}
