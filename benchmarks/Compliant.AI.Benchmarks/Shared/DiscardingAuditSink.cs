namespace Compliant.AI.Benchmarks;

/// <summary>Keeps only the last record: isolates the stage's own cost from any storage.</summary>
public sealed class DiscardingAuditSink : IAuditSink
{
    public AuditRecord? Last { get; private set; }

    public ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        Last = record;
        return ValueTask.CompletedTask;
    }
}
