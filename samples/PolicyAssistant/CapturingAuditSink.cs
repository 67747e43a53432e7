using System.Collections.Concurrent;
using Compliant.AI;

namespace PolicyAssistant;

/// <summary>Passes records to the real sink and remembers them by id, so the sample can show what was redacted.</summary>
public sealed class CapturingAuditSink(IAuditSink inner) : IAuditSink
{
    private readonly ConcurrentDictionary<string, AuditRecord> _records = new();

    public async ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(record, cancellationToken);
        _records[record.RecordId] = record;
    }

    public AuditRecord? Find(string? recordId) => recordId is not null && _records.TryGetValue(recordId, out AuditRecord? record) ? record : null;
}
