using System.Diagnostics;
using System.Text.Json;

namespace PolicyAssistant.Tests;

/// <summary>Runs the built PolicyAssistant as a process with a private data folder, exactly as the README's main job does.</summary>
public sealed partial class PolicyAssistantEndToEndTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "policy-assistant-e2e-" + Guid.NewGuid().ToString("N"));
    private readonly string _policies = Path.Combine(Path.GetTempPath(), "policy-assistant-docs-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Ask_BundledQuestion_AnswersWithCorrectCitationAndAuditRecord()
    {
        (int exit, JsonElement json, string stderr) = await AskAsync("How long must audit logs be retained?");

        Assert.True(exit == 0, stderr);
        Assert.False(json.GetProperty("refused").GetBoolean());
        Assert.Contains("six years", json.GetProperty("answer").GetString(), StringComparison.Ordinal);
        JsonElement citation = Assert.Single(json.GetProperty("citations").EnumerateArray());
        Assert.Equal("audit-log-retention", citation.GetProperty("documentId").GetString());
        Assert.Matches(@"\[" + citation.GetProperty("id").GetString() + @"\]", json.GetProperty("answer").GetString());
        Assert.True(Guid.TryParse(json.GetProperty("auditId").GetString(), out _));
        Assert.True(Directory.EnumerateFiles(Path.Combine(_data, "audit"), "*.jsonl").Any(), "the audit ledger was written");
    }

    [Fact]
    public async Task Ask_OutOfScopeQuestion_RefusesWithoutCitations()
    {
        (int exit, JsonElement json, string stderr) = await AskAsync("What is the capital of France?");

        Assert.True(exit == 0, stderr);
        Assert.True(json.GetProperty("refused").GetBoolean());
        Assert.Equal("no_evidence", json.GetProperty("reason").GetString());
        Assert.Empty(json.GetProperty("citations").EnumerateArray());
    }

    [Fact]
    public async Task Ask_RestrictedPolicy_AnsweredOnlyForCallersInItsGroups()
    {
        const string Question = "Which vendor risk score blocks a contract?";

        (_, JsonElement denied, _) = await AskAsync(Question);
        (_, JsonElement allowed, string stderr) = await AskAsync(Question, "--user", "carol", "--groups", "compliance");

        Assert.True(denied.GetProperty("refused").GetBoolean());
        Assert.DoesNotContain("70", denied.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.False(allowed.GetProperty("refused").GetBoolean(), stderr);
        Assert.Equal("vendor-management", allowed.GetProperty("citations")[0].GetProperty("documentId").GetString());
    }

    public void Dispose()
    {
        foreach (string folder in new[] { _data, _policies })
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private async Task<(int Exit, JsonElement Json, string Stderr)> AskAsync(string question, params string[] extra)
    {
        (int exit, string stdout, string stderr) = await RunAsync(["ask", question, .. extra, "--json"]);
        string jsonLine = stdout.Split('\n').Last(l => l.TrimStart().StartsWith('{'));
        return (exit, JsonDocument.Parse(jsonLine).RootElement.Clone(), stderr);
    }

    internal async Task<(int Exit, string Stdout, string Stderr)> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(FindAssistant());
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PolicyAssistant__DataDirectory"] = _data;
        start.Environment.Remove("COMPLIANT_AUDIT_KEY");
        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string FindAssistant()
    {
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "samples", "PolicyAssistant", "bin", configuration, "net10.0", "PolicyAssistant.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("Build samples/PolicyAssistant first (the solution build does).");
    }
}
