using System.Collections.Concurrent;
using System.Text.Json;

namespace Compliant.AI.Testing;

/// <summary>An audit sink for tests: keeps JSON snapshots of every record, and can be told to fail.</summary>
public sealed class TestAuditSink : IAuditSink
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>Gets the JSON of every record written, in order.</summary>
    public ConcurrentQueue<string> Serialized { get; } = new();

    /// <summary>Gets every record written, in order, each read back from its JSON so that a test sees what a store would keep.</summary>
    public ConcurrentQueue<AuditRecord> Records { get; } = new();

    /// <summary>Gets or sets an exception to throw from every write.</summary>
    public Exception? FailWith { get; set; }

    /// <inheritdoc />
    public ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        if (FailWith is not null)
        {
            throw FailWith;
        }

        string json = JsonSerializer.Serialize(record, Json);
        Serialized.Enqueue(json);
        Records.Enqueue(JsonSerializer.Deserialize<AuditRecord>(json, Json)!);
        return ValueTask.CompletedTask;
    }

    /// <summary>Gets the JSON of every record written, one a line.</summary>
    public string AllJson => string.Join("\n", Serialized);

    /// <summary>Returns the one record written; throws when there is not exactly one, so that the calling test fails.</summary>
    public AuditRecord Only() =>
        Records.Count == 1 ? Records.First() : throw new InvalidOperationException($"Expected exactly one audit record, found {Records.Count}.");
}
