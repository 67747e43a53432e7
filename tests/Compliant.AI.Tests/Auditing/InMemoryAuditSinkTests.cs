using Compliant.AI;
using static Compliant.AI.Tests.Auditing.LedgerTestSupport;

namespace Compliant.AI.Tests.Auditing;

public class InMemoryAuditSinkTests
{
    [Fact]
    public async Task WriteAsync_ThenMutateRecord_StoredCopyUnchanged()
    {
        var sink = new InMemoryAuditSink();
        AuditRecord record = Record(1);

        await sink.WriteAsync(record);
        record.Caller.UserId = "mutated";
        record.Verdicts.Add(new AuditVerdict("x", AuditDecision.Deny));
        record.Counters["added"] = 1;

        AuditRecord stored = Assert.Single(sink.Records);
        Assert.Equal("user-1", stored.Caller.UserId);
        Assert.Single(stored.Verdicts);
        Assert.False(stored.Counters.ContainsKey("added"));
    }

    [Fact]
    public async Task Records_MutatingReturnedRecord_DoesNotChangeSink()
    {
        var sink = new InMemoryAuditSink();
        await sink.WriteAsync(Record(1));

        sink.Records[0].RecordId = "changed";

        Assert.Equal("rec-000001", sink.Records[0].RecordId);
    }

    [Fact]
    public async Task WriteAsync_RoundTripsEveryField()
    {
        var sink = new InMemoryAuditSink();
        AuditRecord record = Record(3, outcome: AuditOutcome.Failed);
        record.ErrorType = "System.TimeoutException";
        record.Cost = 0.0123m;
        record.Currency = "USD";
        record.SourceIds = ["s1", "s2"];
        record.Verdicts = [new AuditVerdict("pii_redaction", AuditDecision.Modify, "redacted") { Details = new Dictionary<string, string> { ["count"] = "2" } }];

        await sink.WriteAsync(record);
        AuditRecord stored = sink.Records[0];

        Assert.Equal(record.RecordId, stored.RecordId);
        Assert.Equal(record.Timestamp, stored.Timestamp);
        Assert.Equal(AuditOutcome.Failed, stored.Outcome);
        Assert.Equal("System.TimeoutException", stored.ErrorType);
        Assert.Equal(0.0123m, stored.Cost);
        Assert.Equal(["s1", "s2"], stored.SourceIds);
        Assert.Equal("2", stored.Verdicts[0].Details!["count"]);
        Assert.Equal(AuditDecision.Modify, stored.Verdicts[0].Decision);
        Assert.Equal(3, stored.Counters["pii.redacted.PERSON"]);
    }

    [Fact]
    public async Task WriteAsync_Concurrent_KeepsEveryRecord()
    {
        var sink = new InMemoryAuditSink();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
        {
            for (int i = 0; i < 250; i++)
            {
                await sink.WriteAsync(Record((w * 1000) + i));
            }
        })));

        Assert.Equal(4000, sink.Count);
        Assert.Equal(4000, sink.Records.Select(r => r.RecordId).Distinct().Count());
        sink.Clear();
        Assert.Equal(0, sink.Count);
    }

    [Fact]
    public async Task WriteAsync_Null_Throws()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => new InMemoryAuditSink().WriteAsync(null!).AsTask());
    }
}
