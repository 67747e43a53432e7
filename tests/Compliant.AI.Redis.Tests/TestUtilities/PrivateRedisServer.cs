using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Compliant.AI.Tests;

/// <summary>
/// A redis-server of the test's own (loopback, free port, no persistence) with the settings the test gives, for
/// configurations that must hold from the server's start (an evicting <c>maxmemory-policy</c> with a tiny
/// <c>maxmemory</c>). Needs <c>redis-server</c> on the PATH, as the shared test server does.
/// </summary>
public sealed class PrivateRedisServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private int _disposed;

    private PrivateRedisServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Configuration = $"127.0.0.1:{port},allowAdmin=true";
    }

    public string Configuration { get; }

    public static async Task<PrivateRedisServer> StartAsync(params string[] settings)
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        string directory = Directory.CreateTempSubdirectory("compliant-redis-").FullName;
        var info = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in (string[])["--bind", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--dir", directory, "--save", "", "--appendonly", "no", .. settings])
        {
            info.ArgumentList.Add(arg);
        }

        Process process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start");
        var server = new PrivateRedisServer(process, directory, port);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                using var socket = new TcpClient();
                await socket.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
                return server;
            }
            catch (SocketException) when (!timeout.IsCancellationRequested && !process.HasExited)
            {
                await Task.Delay(50, timeout.Token);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
