using System.Collections.Concurrent;
using System.Text.Json;

namespace Compliant.AI.Tests;

/// <summary>An audit sink for tests: keeps JSON snapshots of every record, and can be told to fail.</summary>
public sealed class TestAuditSink : IAuditSink
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public ConcurrentQueue<string> Serialized { get; } = new();

    public ConcurrentQueue<AuditRecord> Records { get; } = new();

    /// <summary>Gets or sets an exception to throw from every write.</summary>
    public Exception? FailWith { get; set; }

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

    public string AllJson => string.Join("\n", Serialized);

    public AuditRecord Only()
    {
        Assert.Single(Records);
        return Records.First();
    }
}
