using System.Diagnostics;
using System.Security.Cryptography;
using Npgsql;

namespace Compliant.AI.Tests;

/// <summary>A real full disk under the ledger's table: a tablespace on a 1 MiB tmpfs that the appends fill.</summary>
[Collection(PostgresServerGroup.Name)]
public sealed class PostgreSqlAuditDiskFullTests
{
    [PostgresDiskFullFact]
    public async Task WriteAsync_TablespaceFull_FailsTypedLosesNothingAcknowledgedAndGoesOnOnceThereIsRoom()
    {
        TestLedger t = await new TestLedger().MigrateAsync();
        string dir = Directory.CreateTempSubdirectory("pg-full-").FullName;
        string tablespace = "ts_" + t.Schema;
        await RunAsync("mount", "-t", "tmpfs", "-o", "size=1m,mode=700", "tmpfs", dir);
        try
        {
            string? owner = Environment.GetEnvironmentVariable("COMPLIANT_TEST_POSTGRES_USER");
            if (!string.IsNullOrEmpty(owner))
            {
                await RunAsync("chown", owner, dir);
            }

            await t.ExecuteAsync($"CREATE TABLESPACE {tablespace} LOCATION '{dir}'");
            await t.ExecuteAsync($"ALTER TABLE {{s}}.audit_ledger SET TABLESPACE {tablespace}");
            await t.ExecuteAsync($"ALTER INDEX {{s}}.audit_ledger_pkey SET TABLESPACE {tablespace}");

            var acknowledged = new List<string>();
            var diskFull = new List<AuditWriteException>();
            await using (PostgreSqlAuditLedger ledger = await t.OpenAsync(maxBatch: 8))
            {
                // Records of ~6 kB of hex (little for pglz to compress), eight at a time, until the disk is full.
                for (int wave = 0; wave < 100 && diskFull.Count == 0; wave++)
                {
                    string[] ids = [.. Enumerable.Range(0, 8).Select(i => $"w{wave:000}-{i}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(3000))}")];
                    foreach ((string id, Task append) in ids.Select(id => (id, ledger.WriteAsync(TestLedger.Record(id)).AsTask())).ToList())
                    {
                        try
                        {
                            await append;
                            acknowledged.Add(id);
                        }
                        catch (AuditWriteException ex)
                        {
                            diskFull.Add(ex);
                        }
                    }
                }

                Assert.NotEmpty(diskFull);
                Assert.All(diskFull, ex => Assert.Equal("53100", Assert.IsType<PostgresException>(ex.InnerException).SqlState));

                // Room again: the same ledger goes on from the committed head.
                await RunAsync("mount", "-o", "remount,size=64m", dir);
                await ledger.WriteAsync(TestLedger.Record("after"));
                acknowledged.Add("after");
            }

            AuditLedgerVerificationResult result = await t.VerifyAsync();
            Assert.True(result.IsIntact, result.Reason);
            Assert.True(acknowledged.Count > 8, $"{acknowledged.Count} acknowledged before the disk was full");
            Assert.Equal(acknowledged.Order(StringComparer.Ordinal), (await t.RecordIdsAsync()).Order(StringComparer.Ordinal));
        }
        finally
        {
            await t.ExecuteAsync("DROP SCHEMA {s} CASCADE");
            await t.ExecuteAsync($"DROP TABLESPACE IF EXISTS {tablespace}");
            await RunAsync("umount", dir);
            Directory.Delete(dir);
        }
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        using Process process = Process.Start(info)!;
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)}: {error}");
    }
}
