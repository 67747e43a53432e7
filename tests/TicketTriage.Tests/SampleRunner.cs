using System.Diagnostics;

namespace TicketTriage.Tests;

/// <summary>Runs the built TicketTriage executable in its own data folder (audit ledger, demo key) and cleans up.</summary>
internal sealed class SampleRunner : IDisposable
{
    private readonly string _root;

    public SampleRunner()
    {
        _root = Path.Combine(Path.GetTempPath(), "ticket-triage-tests", Guid.NewGuid().ToString("N"));
        DataDirectory = Path.Combine(_root, "data");
        InputDirectory = Path.Combine(_root, "in");
        Directory.CreateDirectory(DataDirectory);
        Directory.CreateDirectory(InputDirectory);
    }

    /// <summary>Gets the sample's data folder (audit ledger, demo key): everything the run itself wrote.</summary>
    public string DataDirectory { get; }

    /// <summary>Gets the folder of the test's input and output files, apart from the data folder.</summary>
    public string InputDirectory { get; }

    public string AuditDirectory => Path.Combine(DataDirectory, "audit");

    public string WriteFile(string name, IEnumerable<string> lines)
    {
        string path = Path.Combine(InputDirectory, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    public async Task<(int Exit, string Stdout, string Stderr)> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? stdin = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(FindSample());
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TicketTriage__DataDirectory"] = DataDirectory;
        start.Environment.Remove("COMPLIANT_AUDIT_KEY");
        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Returns every audit ledger line written so far.</summary>
    public string[] ReadAuditLines() =>
        Directory.Exists(AuditDirectory)
            ? Directory.GetFiles(AuditDirectory, "*.jsonl").Order(StringComparer.Ordinal).SelectMany(File.ReadAllLines).Where(l => l.Length > 0).ToArray()
            : [];

    /// <summary>Returns every file the run left in the data folder, as text (ledger, checkpoint, ...).</summary>
    public string ReadEverything() =>
        string.Join('\n', Directory.GetFiles(DataDirectory, "*", SearchOption.AllDirectories).Select(File.ReadAllText));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string FindSample()
    {
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "samples", "TicketTriage", "bin", configuration, "net10.0", "TicketTriage.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("Build samples/TicketTriage first (the solution build does).");
    }
}
