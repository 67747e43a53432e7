using System.Globalization;
using Compliant.AI;
using StackExchange.Redis;

// Modes (each prints "ready" first, waits for one line on stdin as the start signal, then works):
//   vault  <redis-config> <scope> <values-file>   key from COMPLIANT_PII_KEY; issues a placeholder for each line of
//                                                 the file (all concurrently), restores each, prints "placeholder\tvalue"
//   budget <redis-config> <key> <calls> <amount> <limit>
//                                                 <calls> concurrent reservations; prints "admitted N"
//   audit  <connection-string> <schema> <writers> <appends-per-writer | 0 for endless>
//                                                 key from COMPLIANT_AUDIT_KEY (key id "scale"); prints each record id
//                                                 only after its append completed (its batch committed); failed appends
//                                                 (server stopped) print nothing and the writer goes on; at the end
//                                                 one line "stats ..." (the ledger's counters) on stderr
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: Compliant.AI.ScaleOutChild vault|budget ...");
    return 2;
}

switch (args[0])
{
    case "vault" when args.Length == 4:
    {
        using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(args[1]);
        var vault = new RedisPseudonymVault(redis, PiiKey.FromEnvironment());
        string[] values = await File.ReadAllLinesAsync(args[3]);
        await StartSignalAsync();
        string[] placeholders = await Task.WhenAll(values.Select(v => vault.GetOrAddPseudonymAsync(args[2], "PERSON", v).AsTask()));
        for (int i = 0; i < values.Length; i++)
        {
            string? restored = await vault.GetValueAsync(args[2], placeholders[i]);
            Console.Out.Write($"{placeholders[i]}\t{restored}\n");
        }

        return 0;
    }

    case "budget" when args.Length == 6:
    {
        using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(args[1]);
        var store = new RedisBudgetStore(redis);
        int calls = int.Parse(args[3], CultureInfo.InvariantCulture);
        decimal amount = decimal.Parse(args[4], CultureInfo.InvariantCulture);
        decimal limit = decimal.Parse(args[5], CultureInfo.InvariantCulture);
        DateTimeOffset expires = DateTimeOffset.UnixEpoch.AddYears(100);
        await StartSignalAsync();
        bool[] admitted = await Task.WhenAll(Enumerable.Range(0, calls).Select(_ => store.TryReserveAsync(args[2], amount, limit, expires).AsTask()));
        Console.Out.Write($"admitted {admitted.Count(a => a)}\n");
        return 0;
    }

    case "audit" when args.Length == 5:
    {
        int writers = int.Parse(args[3], CultureInfo.InvariantCulture);
        long appends = long.Parse(args[4], CultureInfo.InvariantCulture);
        await using PostgreSqlAuditLedger ledger = await PostgreSqlAuditLedger.OpenAsync(new PostgreSqlAuditLedgerOptions
        {
            ConnectionString = args[1],
            Schema = args[2],
            Key = AuditKey.FromEnvironment("scale"),
        });
        var gate = new Lock();
        string prefix = $"p{Environment.ProcessId}";
        await StartSignalAsync();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (long i = 0; appends == 0 || i < appends; i++)
            {
                string id = $"{prefix}-w{w}-{i}";
                try
                {
                    await ledger.WriteAsync(new AuditRecord
                    {
                        RecordId = id,
                        Timestamp = DateTimeOffset.UtcNow,
                        Caller = new AuditCaller { UserId = "scale-test", TenantId = "t" },
                    });
                }
                catch (AuditWriteException)
                {
                    await Task.Delay(20);
                    continue;
                }

                lock (gate)
                {
                    Console.Out.Write(id + "\n");
                    Console.Out.Flush();
                }
            }
        })));

        // Where the time went (lost compare-and-sets, lock waits): the benchmark sums these lines.
        Console.Error.Write($"stats {ledger.Stats}\n");
        return 0;
    }

    default:
        Console.Error.WriteLine("usage: Compliant.AI.ScaleOutChild vault|budget ...");
        return 2;
}

static async Task StartSignalAsync()
{
    Console.Out.Write("ready\n");
    Console.Out.Flush();
    _ = await Console.In.ReadLineAsync();
}
