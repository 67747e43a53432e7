using System.Collections.Concurrent;
using Compliant.AI;

namespace PolicyAssistant;

/// <summary>
/// Passes records to the real sink and keeps the latest ones by id, so the sample can show what was redacted. A record
/// is handed out once (<see cref="Take"/>) and at most <see cref="Capacity"/> are kept, so a long-running host (the
/// PolicyService) does not grow with every request.
/// </summary>
public sealed class CapturingAuditSink(IAuditSink inner) : IAuditSink
{
    /// <summary>The most records kept; older ones are dropped (they stay in the ledger).</summary>
    public const int Capacity = 4096;

    private readonly ConcurrentDictionary<string, AuditRecord> _records = new();
    private readonly ConcurrentQueue<string> _order = new();

    public async ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(record, cancellationToken);
        _records[record.RecordId] = record;
        _order.Enqueue(record.RecordId);
        while (_order.Count > Capacity && _order.TryDequeue(out string? oldest))
        {
            _records.TryRemove(oldest, out _);
        }
    }

    /// <summary>Returns the record with this id and forgets it; null when unknown or already taken.</summary>
    public AuditRecord? Take(string? recordId) => recordId is not null && _records.TryRemove(recordId, out AuditRecord? record) ? record : null;
}
