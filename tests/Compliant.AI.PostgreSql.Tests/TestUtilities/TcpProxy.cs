using System.Net;
using System.Net.Sockets;

namespace Compliant.AI.Tests;

/// <summary>
/// A loopback TCP proxy in front of the test server, so a test can cut the connections the client holds while the
/// server's side of them goes on (the server notices only when it next writes): a lost network, not a killed backend.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _host;
    private readonly int _port;
    private readonly List<(TcpClient Client, TcpClient Server)> _pairs = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public TcpProxy(string host, int port)
    {
        _host = host;
        _port = port;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Closes every connection accepted so far, both sides; new connections are accepted as before.</summary>
    public int CutAll()
    {
        lock (_gate)
        {
            int cut = _pairs.Count;
            foreach ((TcpClient client, TcpClient server) in _pairs)
            {
                client.Client.LingerState = new LingerOption(true, 0); // a reset, as a lost network looks to the client
                client.Dispose();
                server.Dispose();
            }

            _pairs.Clear();
            return cut;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        CutAll();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var server = new TcpClient();
            await server.ConnectAsync(_host, _port, _stop.Token);
            lock (_gate)
            {
                _pairs.Add((client, server));
            }

            _ = PumpAsync(client, server);
            _ = PumpAsync(server, client);
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        byte[] buffer = new byte[64 * 1024];
        try
        {
            NetworkStream source = from.GetStream();
            NetworkStream target = to.GetStream();
            int read;
            while ((read = await source.ReadAsync(buffer)) > 0)
            {
                await target.WriteAsync(buffer.AsMemory(0, read));
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
        }

        from.Dispose();
        to.Dispose();
    }
}
