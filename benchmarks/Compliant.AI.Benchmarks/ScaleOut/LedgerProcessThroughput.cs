using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace Compliant.AI.Benchmarks.ScaleOut;

/// <summary>
/// Appends/s of one <see cref="PostgreSqlAuditLedger"/> chain written by several processes at once (each its own
/// instance, as behind a load balancer), beside one process with as many writers in all. Not a BenchmarkDotNet case:
/// the work is in child processes (<c>tests/Compliant.AI.ScaleOutChild</c>, mode <c>audit</c>), timed from the common
/// start signal to the last child's exit; the chain is verified afterwards and must hold exactly the acknowledged appends.
/// </summary>
/// <remarks>
/// <c>--ledger-processes CHILD_DLL [processes=8] [writers-per-process=8] [appends-per-process=2000] [rounds=3]</c>;
/// needs <c>COMPLIANT_TEST_POSTGRES</c> (<c>benchmarks/scripts/with-servers.sh</c>).
/// </remarks>
internal static class LedgerProcessThroughput
{
    public static async Task RunAsync(string[] args)
    {
        string child = Path.GetFullPath(args.Length > 1 ? args[1] : throw new ArgumentException("usage: --ledger-processes CHILD_DLL [processes] [writers-per-process] [appends-per-process] [rounds]"));
        int processes = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 8;
        int writers = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 8;
        int appends = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 2000;
        int rounds = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 3;
        Console.WriteLine($"// {processes} processes x {writers} writers x {appends / writers * writers} appends, beside 1 process x {processes * writers} writers x {appends / writers * writers * processes} appends; {rounds} rounds each, alternating");
        for (int round = 0; round < rounds; round++)
        {
            await RunOnceAsync(child, processes, writers, appends / writers);
            await RunOnceAsync(child, 1, processes * writers, appends / writers);
        }
    }

    /// <summary>Sums the children's "stats k=v ..." lines (their ledgers' counters; absent in children built before them).</summary>
    private static async Task<string> SumStatsAsync(Task<string>[] errors)
    {
        var sums = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (Task<string> error in errors)
        {
            foreach (string line in (await error).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith("stats ", StringComparison.Ordinal)))
            {
                foreach (string pair in line["stats ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    string[] kv = pair.Split('=');
                    sums[kv[0]] = sums.GetValueOrDefault(kv[0]) + long.Parse(kv[1], CultureInfo.InvariantCulture);
                }
            }
        }

        if (sums.Count == 0)
        {
            return "(no ledger counters from the children)";
        }

        long batches = Math.Max(1, sums.GetValueOrDefault("batches"));
        return "summed over the children: " + string.Join(' ', sums.Select(kv => $"{kv.Key}={kv.Value}"))
            + string.Create(CultureInfo.InvariantCulture, $"; records/batch={(double)sums.GetValueOrDefault("records") / batches:F1} ms/batch={(double)sums.GetValueOrDefault("commitMs") / batches:F1} lockWaitMs/locked={(double)sums.GetValueOrDefault("lockWaitMs") / Math.Max(1, sums.GetValueOrDefault("locked")):F1}");
    }

    private static async Task RunOnceAsync(string child, int processes, int writers, int perWriter)
    {
        string connectionString = ScaleOutServers.Postgres;
        string schema = "bench_procs_" + Guid.NewGuid().ToString("N")[..12];
        string keyBase64 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await PostgreSqlAuditSchema.MigrateAsync(connectionString, schema);
        var children = new List<Process>();
        try
        {
            for (int p = 0; p < processes; p++)
            {
                var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                foreach (string a in (string[])[child, "audit", connectionString, schema, writers.ToString(CultureInfo.InvariantCulture), perWriter.ToString(CultureInfo.InvariantCulture)])
                {
                    info.ArgumentList.Add(a);
                }

                info.Environment["COMPLIANT_AUDIT_KEY"] = keyBase64;
                children.Add(Process.Start(info)!);
            }

            foreach (Process p in children)
            {
                string? first = await p.StandardOutput.ReadLineAsync();
                if (first != "ready")
                {
                    throw new InvalidOperationException($"a child did not start: {first} {await p.StandardError.ReadToEndAsync()}");
                }
            }

            Task<string>[] outputs = [.. children.Select(p => p.StandardOutput.ReadToEndAsync())];
            Task<string>[] errors = [.. children.Select(p => p.StandardError.ReadToEndAsync())];
            var clock = Stopwatch.StartNew();
            foreach (Process p in children)
            {
                await p.StandardInput.WriteLineAsync("go");
                await p.StandardInput.FlushAsync();
            }

            await Task.WhenAll(children.Select(p => p.WaitForExitAsync()));
            clock.Stop();
            long acknowledged = 0;
            for (int i = 0; i < children.Count; i++)
            {
                if (children[i].ExitCode != 0)
                {
                    throw new InvalidOperationException($"child {i} failed: {await errors[i]}");
                }

                acknowledged += (await outputs[i]).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
            }

            AuditLedgerVerificationResult result = await PostgreSqlAuditVerifier.VerifyAsync(connectionString, [AuditKey.FromBase64("scale", keyBase64)], schema);
            if (!result.IsIntact || result.RecordCount != acknowledged)
            {
                throw new InvalidOperationException($"The chain after {processes} processes is not what was acknowledged: {result}, {acknowledged} acknowledged.");
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{processes} process(es) x {writers} writers: {acknowledged} appends in {clock.Elapsed.TotalSeconds:F2} s = {acknowledged / clock.Elapsed.TotalSeconds:F0} appends/s; {result}"));
            Console.WriteLine("  " + await SumStatsAsync(errors));
        }
        finally
        {
            foreach (Process p in children)
            {
                if (!p.HasExited)
                {
                    p.Kill();
                }

                p.Dispose();
            }

            await using var connection = new Npgsql.NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand($"DROP SCHEMA {schema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
