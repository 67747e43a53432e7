namespace Compliant.AI;

/// <summary>Receives completed audit records.</summary>
/// <remarks>
/// Implementations must be thread-safe. <see cref="WriteAsync"/> completes only once the record is durable by the
/// sink's own definition (for the file ledger: written and flushed to disk); a sink that cannot make a record durable
/// throws <see cref="AuditWriteException"/>.
/// </remarks>
public interface IAuditSink
{
    /// <summary>Writes one record.</summary>
    /// <param name="record">The completed record; the sink must not keep a reference it later mutates.</param>
    /// <param name="cancellationToken">A token to cancel waiting; a record already handed to storage may still be written.</param>
    /// <returns>A task that completes when the record is durable.</returns>
    ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken = default);
}
