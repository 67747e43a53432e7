using Compliant.AI;

// usage: ledger-gen DIR COUNT  (key: 32 bytes 1..32, base64 AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=)
string dir = args[0];
int count = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var key = AuditKey.FromBase64("default", Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()));
var rng = new Random(42);
string[] tenants = ["acme", "globex", "initech", "umbrella"];
string[] models = ["gpt-4o-mini", "extractive-v1"];
var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
await using var ledger = new FileAuditLedger(new AuditLedgerOptions { Directory = dir }, key: key);
var pending = new List<Task>(1024);
for (int i = 0; i < count; i++)
{
    var r = new AuditRecord
    {
        RecordId = "r" + i, Timestamp = start.AddSeconds(i * 2.5), Model = models[i % 2], LatencyMs = 20 + (rng.NextDouble() * rng.NextDouble() * 2000),
        InputTokens = 300 + rng.Next(500), OutputTokens = 50 + rng.Next(200), Cost = 0.0004m, Currency = "USD",
        Outcome = i % 17 == 0 ? AuditOutcome.Blocked : AuditOutcome.Succeeded,
    };
    r.Caller.TenantId = tenants[i % 4];
    r.Caller.UserId = "u" + (i % 1000);
    r.Counters["grounding.sources"] = i % 9 == 0 ? 0 : 4;
    r.Counters["pii.redacted.PERSON"] = i % 3;
    r.Counters["structured_output.attempts"] = i % 11 == 0 ? 2 : 1;
    if (i % 17 == 0)
    {
        r.Verdicts.Add(new AuditVerdict("grounding", AuditDecision.Deny, "no_evidence"));
    }

    pending.Add(ledger.WriteAsync(r).AsTask());
    if (pending.Count == 1024)
    {
        await Task.WhenAll(pending);
        pending.Clear();
    }
}

await Task.WhenAll(pending);
