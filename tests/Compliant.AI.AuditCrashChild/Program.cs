using System.Globalization;
using Compliant.AI;

// Usage: Compliant.AI.AuditCrashChild <ledger-directory> <writers> [<witness-file>]
// The key comes from COMPLIANT_AUDIT_KEY (key id "crash"). Prints "ready", then one record id per line, each only
// after the append of that record completed (that is, after its batch was written and flushed to disk).
if (args.Length is not (2 or 3))
{
    Console.Error.WriteLine("usage: Compliant.AI.AuditCrashChild <ledger-directory> <writers> [<witness-file>]");
    return 2;
}

int writers = int.Parse(args[1], CultureInfo.InvariantCulture);
var ledger = new FileAuditLedger(new AuditLedgerOptions
{
    Directory = args[0],
    KeyId = "crash",
    MaxFileBytes = 256 * 1024,
    WitnessPath = args.Length == 3 ? args[2] : null,
    WitnessRecordInterval = 50,
});
var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
var gate = new Lock();
lock (gate)
{
    output.Write("ready\n");
    output.Flush();
}

await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
{
    for (long i = 0; ; i++)
    {
        string id = string.Create(CultureInfo.InvariantCulture, $"w{w}-{i}");
        await ledger.WriteAsync(new AuditRecord
        {
            RecordId = id,
            Timestamp = DateTimeOffset.UtcNow,
            Caller = new AuditCaller { UserId = "crash-test", TenantId = "t" },
            SourceIds = [.. Enumerable.Range(0, (int)(i % 7)).Select(n => $"doc-{n}")],
        });
        lock (gate)
        {
            output.Write(id);
            output.Write('\n');
            output.Flush();
        }
    }
})));
return 0;
