using System.Diagnostics;
using System.Text;

namespace Compliant.AI.Tests;

/// <summary>Runs several <c>Compliant.AI.ScaleOutChild</c> processes at once: each prints "ready", then all get the start signal together.</summary>
public static class ChildProcesses
{
    public static async Task<string[]> RunTogetherAsync(IReadOnlyList<string[]> argumentLists, IReadOnlyDictionary<string, string>? environment = null)
    {
        string child = Locate();
        var processes = new List<Process>();
        try
        {
            foreach (string[] arguments in argumentLists)
            {
                var info = new ProcessStartInfo("dotnet")
                {
                    RedirectStandardInput = true,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };
                info.ArgumentList.Add(child);
                foreach (string a in arguments)
                {
                    info.ArgumentList.Add(a);
                }

                foreach ((string k, string v) in environment ?? new Dictionary<string, string>())
                {
                    info.Environment[k] = v;
                }

                processes.Add(Process.Start(info)!);
            }

            foreach (Process p in processes)
            {
                string? first = await p.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2));
                if (first != "ready")
                {
                    Assert.Fail($"a child did not start: {first} {await p.StandardError.ReadToEndAsync()}");
                }
            }

            foreach (Process p in processes)
            {
                await p.StandardInput.WriteLineAsync("go");
                await p.StandardInput.FlushAsync();
            }

            var outputs = new string[processes.Count];
            for (int i = 0; i < processes.Count; i++)
            {
                Task<string> stdout = processes[i].StandardOutput.ReadToEndAsync();
                Task<string> stderr = processes[i].StandardError.ReadToEndAsync();
                await processes[i].WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
                outputs[i] = await stdout;
                string errors = await stderr;
                Assert.True(processes[i].ExitCode == 0, $"child {i} failed ({processes[i].ExitCode}): {errors}");
            }

            return outputs;
        }
        finally
        {
            foreach (Process p in processes)
            {
                if (!p.HasExited)
                {
                    p.Kill();
                }

                p.Dispose();
            }
        }
    }

    public static string Locate()
    {
        // tests/<Project>/bin/<Configuration>/<tfm>/ -> tests/Compliant.AI.ScaleOutChild/bin/<Configuration>/<tfm>/
        var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string tfm = baseDir.Name;
        string configuration = baseDir.Parent!.Name;
        string testsDir = baseDir.Parent!.Parent!.Parent!.Parent!.FullName;
        string child = Path.Combine(testsDir, "Compliant.AI.ScaleOutChild", "bin", configuration, tfm, "Compliant.AI.ScaleOutChild.dll");
        Assert.True(File.Exists(child), $"The scale-out child was not built: {child}. Build the solution (the test project references it).");
        return child;
    }

    public static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public static string Describe(IEnumerable<string> outputs) => new StringBuilder().AppendJoin("\n---\n", outputs).ToString();
}
