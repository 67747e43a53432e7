namespace Compliant.AI;

/// <summary>
/// Keeps the latest <see cref="AuditCheckpoint"/> of an audit ledger outside the ledger's folder (another volume, a
/// WORM mount, a database row, a remote log), so that someone who can write the ledger folder cannot remove its tail
/// unnoticed.
/// </summary>
/// <remarks>
/// <para>
/// A ledger publishes its head every few records or seconds and reads the latest checkpoint when it opens and when it
/// is verified; a ledger shorter than its witnessed head has lost acknowledged records. The witness must be writable
/// by the ledger's process and by nobody who may tamper with the ledger folder; one witness serves one ledger.
/// </para>
/// <para>
/// Implementations must be thread-safe, must make a published checkpoint durable before <see cref="PublishAsync"/>
/// completes, and must return exactly the fields they were given. They never see the audit key.
/// </para>
/// </remarks>
public interface IAuditCheckpointWitness
{
    /// <summary>Durably replaces the stored checkpoint with <paramref name="checkpoint"/>.</summary>
    /// <param name="checkpoint">The ledger's newest durable head.</param>
    /// <param name="cancellationToken">A token to cancel the publication.</param>
    /// <returns>A task that completes when the checkpoint is durable.</returns>
    ValueTask PublishAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default);

    /// <summary>Reads the latest published checkpoint.</summary>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The checkpoint, or <see langword="null"/> when none was ever published.</returns>
    ValueTask<AuditCheckpoint?> ReadAsync(CancellationToken cancellationToken = default);
}
