using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace IncidentSummarizer.Tests;

/// <summary>Runs the built sample as a user does: <c>summarize</c> with the approval flags, and <c>evaluate</c>.</summary>
public sealed partial class CommandLineTests : IDisposable
{
    private readonly string _data = TestData.NewDataDirectory();

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Summarize_ApproveRollback_JsonShowsRollbackExecutedPageNot()
    {
        (int exit, string stdout, string stderr) = await RunAsync("summarize", "--input", Incident("06-claims-memory-leak"), "--approve", "rollback", "--approver", "alice", "--json");

        Assert.True(exit == 0, stderr);
        JsonElement report = JsonDocument.Parse(stdout).RootElement;
        Assert.True(report.GetProperty("grounded").GetBoolean());
        JsonElement[] actions = report.GetProperty("actions").EnumerateArray().ToArray();
        JsonElement rollback = Assert.Single(actions, a => a.GetProperty("tool").GetString() == "rollback_deploy");
        Assert.True(rollback.GetProperty("executed").GetBoolean());
        Assert.Equal("alice", rollback.GetProperty("approver").GetString());
        Assert.All(actions.Where(a => a.GetProperty("tool").GetString() != "rollback_deploy"), a => Assert.False(a.GetProperty("executed").GetBoolean()));
        Assert.Contains(TestData.Verdicts(_data, "tool_approval"), v => v.GetProperty("decision").GetString() == "Allow" && v.GetProperty("details").GetProperty("approver").GetString() == "alice");
    }

    [Fact]
    public async Task Summarize_NoFlagStdinNotATerminal_NothingExecuted()
    {
        (int exit, string stdout, string stderr) = await RunAsync("summarize", "--input", Incident("02-card-auth-expired-cert"), "--json");

        Assert.True(exit == 0, stderr);
        JsonElement[] actions = JsonDocument.Parse(stdout).RootElement.GetProperty("actions").EnumerateArray().ToArray();
        Assert.NotEmpty(actions);
        Assert.All(actions, a => Assert.False(a.GetProperty("executed").GetBoolean()));
        Assert.Empty(TestData.Verdicts(_data, "remediation"));
    }

    [Fact]
    public async Task Summarize_UnknownApproveName_ExitCode2()
    {
        (int exit, _, string stderr) = await RunAsync("summarize", "--input", Incident("01-payments-bad-deploy"), "--approve", "reboot");

        Assert.Equal(2, exit);
        Assert.Contains("unknown action", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_TwentyIncidents_PrintsFiguresMeetingTargets()
    {
        (int exit, string stdout, string stderr) = await RunAsync("evaluate", "--approve", "page");

        Assert.True(exit == 0, stdout + stderr);
        Match cited = RootCauseCited().Match(stdout);
        Assert.True(cited.Success, stdout);
        Assert.Equal("20", cited.Groups[2].Value);
        Assert.True(double.Parse(cited.Groups[1].Value, CultureInfo.InvariantCulture) / 20 >= 0.80, stdout);
        Assert.Contains("unsupported sentences: 0 of", stdout, StringComparison.Ordinal);
        Assert.Contains("executed without approval 0", stdout, StringComparison.Ordinal);
        Assert.Contains("citation precision:", stdout, StringComparison.Ordinal);
    }

    private static string Incident(string name) => Path.Combine(TestData.IncidentsDirectory, name + ".jsonl");

    private async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "IncidentSummarizer.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("--data-dir");
        start.ArgumentList.Add(_data);
        start.Environment.Remove("COMPLIANT_AUDIT_KEY");
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [GeneratedRegex(@"root cause cited: (\d+)/(\d+)")]
    private static partial Regex RootCauseCited();
}
