using System.Diagnostics;

namespace Compliant.AI.Tests;

/// <summary>
/// A fact that needs the test PostgreSQL server, its data directory, and a machine where this process can mount a tmpfs
/// (root with the mount capability). A container that runs as root without that capability skips it with the reason;
/// the trigger-raised disk-full tests cover those machines.
/// </summary>
public sealed class PostgresDiskFullFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> MountProbe = new(ProbeMount);

    public PostgresDiskFullFactAttribute()
    {
        Skip = TestServers.SkipReason(TestServers.PostgresVariable)
            ?? TestServers.SkipReason("COMPLIANT_TEST_POSTGRES_DATA")
            ?? (Environment.IsPrivilegedProcess ? MountProbe.Value : "Mounting the tiny tmpfs for the full-disk test needs root.");
    }

    private static string? ProbeMount()
    {
        string dir = Directory.CreateTempSubdirectory("pg-mount-probe-").FullName;
        try
        {
            if (Run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", dir) is { } error)
            {
                return $"This process cannot mount a tmpfs (no mount capability in this container?): {error}";
            }

            Run("umount", dir);
            return null;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return $"This process cannot run mount: {ex.GetType().Name}.";
        }
        finally
        {
            try
            {
                Directory.Delete(dir);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string? Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        using Process process = Process.Start(info)!;

        // Wait first (mount writes a line at most, far below a pipe's buffer), so a mount that hangs cannot block the
        // test discovery that evaluates this attribute.
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            return "mount did not finish in 30 s";
        }

        return process.ExitCode == 0 ? null : process.StandardError.ReadToEnd().Trim();
    }
}
