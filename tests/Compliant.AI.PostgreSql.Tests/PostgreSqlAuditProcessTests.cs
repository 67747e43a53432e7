using System.Diagnostics;

namespace Compliant.AI.Tests;

[Collection(PostgresServerGroup.Name)]
public sealed class PostgreSqlAuditProcessTests
{
    [PostgresFact]
    public async Task WriteAsync_EightProcessesTimes2000Appends_OneIntactChainWithEveryAcknowledgedRecordOnce()
    {
        TestLedger t = await new TestLedger().MigrateAsync();
        string[][] arguments = [.. Enumerable.Range(0, 8).Select(_ => (string[])["audit", TestLedger.ConnectionString, t.Schema, "8", "250"])];

        string[] outputs = await ChildProcesses.RunTogetherAsync(arguments, new Dictionary<string, string> { ["COMPLIANT_AUDIT_KEY"] = t.KeyBase64 });

        string[] acknowledged = [.. outputs.SelectMany(ChildProcesses.Lines)];
        Assert.Equal(8 * 2000, acknowledged.Length);
        AuditLedgerVerificationResult result = await t.VerifyAsync();
        Assert.True(result.IsIntact, result.Reason);
        Assert.Equal(16_000, result.RecordCount);
        List<string> ids = await t.RecordIdsAsync();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(acknowledged.Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
    }

    [PostgresFact]
    public async Task WriteAsync_WriterKilledMidRun_LosesNoAcknowledgedRecordAndTheChainStaysIntact()
    {
        TestLedger t = await new TestLedger().MigrateAsync();
        using var survivor = StartWriter(t);
        using var victim = StartWriter(t);
        await WaitForAsync(victim, 300);
        await WaitForAsync(survivor, 300);

        victim.Process.Kill(); // SIGKILL: its open transaction, if any, is rolled back by the server
        await victim.Process.WaitForExitAsync();
        int survivorBefore = survivor.Count;
        await WaitForAsync(survivor, survivorBefore + 200); // the chain goes on after the killed writer
        survivor.Process.Kill();
        await survivor.Process.WaitForExitAsync();

        AuditLedgerVerificationResult result = await t.VerifyAsync();
        Assert.True(result.IsIntact, result.Reason);
        HashSet<string> stored = [.. await t.RecordIdsAsync()];
        Assert.All(victim.Acknowledged.Concat(survivor.Acknowledged), id => Assert.Contains(id, stored));
        Assert.Equal(result.RecordCount, stored.Count);
    }

    [PostgresRestartFact]
    public async Task WriteAsync_ServerStoppedImmediatelyMidRun_LosesNoAcknowledgedRecordAndTheChainStaysIntact()
    {
        TestLedger t = await new TestLedger().MigrateAsync();
        using var writer = StartWriter(t);
        await WaitForAsync(writer, 300);

        await PgCtlAsync("stop", "-m", "immediate", "-w");
        int atStop = writer.Count;
        await PgCtlAsync("start", "-w", "-t", "60", "-l", Path.Combine(Environment.GetEnvironmentVariable("COMPLIANT_TEST_POSTGRES_DATA")!, "server.log"));
        Npgsql.NpgsqlConnection.ClearAllPools(); // this process's pooled connections died with the server
        await WaitForAsync(writer, atStop + 300); // appends resume against the restarted server
        writer.Process.Kill();
        await writer.Process.WaitForExitAsync();

        AuditLedgerVerificationResult result = await t.VerifyAsync();
        Assert.True(result.IsIntact, result.Reason);
        HashSet<string> stored = [.. await t.RecordIdsAsync()];
        Assert.All(writer.Acknowledged, id => Assert.Contains(id, stored));
    }

    private static Writer StartWriter(TestLedger t)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string[])[ChildProcesses.Locate(), "audit", TestLedger.ConnectionString, t.Schema, "4", "0"])
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["COMPLIANT_AUDIT_KEY"] = t.KeyBase64;
        return new Writer(Process.Start(info)!);
    }

    private static async Task WaitForAsync(Writer writer, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (writer.Count < count)
        {
            Assert.False(writer.Process.HasExited, $"the writer stopped: {writer.Errors}");
            await writer.Changed.WaitAsync(timeout.Token);
        }
    }

    private static async Task PgCtlAsync(params string[] arguments)
    {
        string ctl = Environment.GetEnvironmentVariable("COMPLIANT_TEST_POSTGRES_CTL")!;
        string data = Environment.GetEnvironmentVariable("COMPLIANT_TEST_POSTGRES_DATA")!;
        string? user = Environment.GetEnvironmentVariable("COMPLIANT_TEST_POSTGRES_USER");
        var info = new ProcessStartInfo(string.IsNullOrEmpty(user) ? ctl : "runuser") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (!string.IsNullOrEmpty(user))
        {
            foreach (string a in (string[])["-u", user, "--", ctl])
            {
                info.ArgumentList.Add(a);
            }
        }

        info.ArgumentList.Add("-D");
        info.ArgumentList.Add(data);
        foreach (string a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using Process p = Process.Start(info)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        string errors = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"pg_ctl {string.Join(' ', arguments)} failed: {await stdout} {errors}");
    }

    /// <summary>A writer process and the ids it acknowledged, read as they come.</summary>
    private sealed class Writer : IDisposable
    {
        private readonly List<string> _acknowledged = [];
        private readonly System.Text.StringBuilder _errors = new();
        private readonly SemaphoreSlim _changed = new(0);

        public Writer(Process process)
        {
            Process = process;
            Process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is { Length: > 0 } line && line != "ready")
                {
                    lock (_acknowledged)
                    {
                        _acknowledged.Add(line);
                    }
                }

                _changed.Release();
            };
            Process.ErrorDataReceived += (_, e) =>
            {
                lock (_errors)
                {
                    _errors.AppendLine(e.Data);
                }

                _changed.Release();
            };
            Process.EnableRaisingEvents = true;
            Process.Exited += (_, _) => _changed.Release();
            Process.BeginOutputReadLine();
            Process.BeginErrorReadLine();
            Process.StandardInput.WriteLine("go");
            Process.StandardInput.Flush();
        }

        public Process Process { get; }

        public SemaphoreSlim Changed => _changed;

        public int Count
        {
            get
            {
                lock (_acknowledged)
                {
                    return _acknowledged.Count;
                }
            }
        }

        public string[] Acknowledged
        {
            get
            {
                lock (_acknowledged)
                {
                    return [.. _acknowledged];
                }
            }
        }

        public string Errors
        {
            get
            {
                lock (_errors)
                {
                    return _errors.ToString();
                }
            }
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill();
            }

            Process.Dispose();
            _changed.Dispose();
        }
    }
}
