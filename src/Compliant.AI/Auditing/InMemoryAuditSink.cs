using System.Text.Json;
using Compliant.AI.Auditing.Internal;
using Compliant.AI.Internal;

namespace Compliant.AI;

/// <summary>An <see cref="IAuditSink"/> that keeps records in memory, for tests, demos and development.</summary>
/// <remarks>
/// <para>
/// Each written record is stored as an independent deep copy (a JSON round trip through the record's source-generated
/// serializer), so later changes to the written record do not change what was stored, and
/// <see cref="Records"/> returns fresh copies that callers may change freely.
/// </para>
/// <para>All members are thread-safe. Nothing is durable: never use it where records must survive the process.</para>
/// <para>
/// It needs no audit key: when none is configured, the auditing stage digests messages with a random key this sink
/// holds for its lifetime (digests are then comparable only within the process). Register an <see cref="AuditKey"/> to
/// assert on digest values.
/// </para>
/// </remarks>
public sealed class InMemoryAuditSink : IAuditSink
{
    private readonly Lock _gate = new();
    private readonly List<byte[]> _records = [];
    private AuditKey? _ephemeralKey;

    /// <summary>Gets a snapshot of the stored records, in the order they were written.</summary>
    public IReadOnlyList<AuditRecord> Records
    {
        get
        {
            byte[][] snapshot;
            lock (_gate)
            {
                snapshot = [.. _records];
            }

            var copies = new AuditRecord[snapshot.Length];
            for (int i = 0; i < snapshot.Length; i++)
            {
                copies[i] = JsonSerializer.Deserialize(snapshot[i], AuditJsonContext.Default.AuditRecord)!;
            }

            return copies;
        }
    }

    /// <summary>Gets the number of stored records.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _records.Count;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        byte[] copy = JsonSerializer.SerializeToUtf8Bytes(record, AuditJsonContext.Default.AuditRecord);
        lock (_gate)
        {
            _records.Add(copy);
        }

        if (CompliantTelemetry.AuditInstruments.RecordsWritten.Enabled)
        {
            CompliantTelemetry.AuditInstruments.RecordsWritten.Add(1);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Gets this sink's random digest key, used by the auditing stage when no audit key is configured.</summary>
    /// <remarks>Created once per sink, so every pipeline writing here digests alike; never persisted, so digests are comparable only within the process.</remarks>
    internal AuditKey GetEphemeralDigestKey(string keyId)
    {
        if (Volatile.Read(ref _ephemeralKey) is { } key)
        {
            return key;
        }

        Span<byte> bytes = stackalloc byte[AuditKey.MinimumKeyBytes];
        System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
        var created = new AuditKey(keyId, bytes);
        bytes.Clear();
        return Interlocked.CompareExchange(ref _ephemeralKey, created, null) ?? created;
    }

    /// <summary>Removes every stored record.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _records.Clear();
        }
    }
}
