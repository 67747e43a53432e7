using System.Globalization;
using Compliant.AI;
using StackExchange.Redis;

// Modes (each prints "ready" first, waits for one line on stdin as the start signal, then works):
//   vault  <redis-config> <scope> <values-file>   key from COMPLIANT_PII_KEY; issues a placeholder for each line of
//                                                 the file (all concurrently), restores each, prints "placeholder\tvalue"
//   budget <redis-config> <key> <calls> <amount> <limit>
//                                                 <calls> concurrent reservations; prints "admitted N"
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
