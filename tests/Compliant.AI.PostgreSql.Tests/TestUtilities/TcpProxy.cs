using System.Net;
using System.Net.Sockets;

namespace Compliant.AI.Tests;

/// <summary>
/// A loopback TCP proxy in front of the test server, so a test can cut the connections the client holds while the
/// server's side of them goes on (the server notices only when it next writes): a lost network, not a killed backend.
/// It can also stop forwarding without closing anything (<see cref="BlackholeToServer"/>, <see cref="BlackholeToClient"/>):
/// a partition or a frozen host, where bytes are lost and no side learns that the other is gone (the proxy's own
/// sockets still acknowledge, so TCP keepalives cannot tell either), until <see cref="Heal"/>.
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
    private TaskCompletionSource _healed = NewHealed(completed: true);
    private volatile bool _dropToServer;
    private volatile bool _dropToClient;
    private long _droppedToServer;

    public TcpProxy(string host, int port)
    {
        _host = host;
        _port = port;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Gets how many bytes from clients were dropped while the client-to-server direction was blackholed.</summary>
    public long DroppedToServer => Interlocked.Read(ref _droppedToServer);

    /// <summary>Drops every byte clients send (all connections, new ones too) from now until <see cref="Heal"/>; closes nothing.</summary>
    public void BlackholeToServer() => SetBlackhole(toServer: true, toClient: _dropToClient);

    /// <summary>Drops every byte the server sends from now until <see cref="Heal"/>; a connection the server closes meanwhile closes on the client's side only after <see cref="Heal"/>.</summary>
    public void BlackholeToClient() => SetBlackhole(toServer: _dropToServer, toClient: true);

    /// <summary>Forwards again in both directions, and delivers the closes that happened during the partition (what was dropped stays lost).</summary>
    public void Heal() => SetBlackhole(toServer: false, toClient: false);

    /// <summary>Closes every connection accepted so far, both sides; new connections are accepted as before.</summary>
    public int CutAll()
    {
        lock (_gate)
        {
            int cut = _pairs.Count;
            foreach ((TcpClient client, TcpClient server) in _pairs)
            {
                if (client.Client is { } socket) // null once a pump closed the pair (the server closed its side)
                {
                    socket.LingerState = new LingerOption(true, 0); // a reset, as a lost network looks to the client
                }

                client.Dispose();
                server.Dispose();
            }

            _pairs.Clear();
            return cut;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Heal();
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

            _ = PumpAsync(client, server, toServer: true);
            _ = PumpAsync(server, client, toServer: false);
        }
    }

    private static TaskCompletionSource NewHealed(bool completed)
    {
        var healed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            healed.SetResult();
        }

        return healed;
    }

    private void SetBlackhole(bool toServer, bool toClient)
    {
        lock (_gate)
        {
            _dropToServer = toServer;
            _dropToClient = toClient;
            bool partitioned = toServer || toClient;
            if (partitioned && _healed.Task.IsCompleted)
            {
                _healed = NewHealed(completed: false);
            }
            else if (!partitioned)
            {
                _healed.TrySetResult();
            }
        }
    }

    private Task HealedAsync()
    {
        lock (_gate)
        {
            return _healed.Task;
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, bool toServer)
    {
        byte[] buffer = new byte[64 * 1024];
        try
        {
            NetworkStream source = from.GetStream();
            NetworkStream target = to.GetStream();
            int read;
            while ((read = await source.ReadAsync(buffer)) > 0)
            {
                if (toServer ? _dropToServer : _dropToClient)
                {
                    if (toServer)
                    {
                        Interlocked.Add(ref _droppedToServer, read);
                    }

                    continue;
                }

                await target.WriteAsync(buffer.AsMemory(0, read));
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
        }

        // A close does not cross a partition either: the other side learns of it once the network is back.
        await HealedAsync();
        from.Dispose();
        to.Dispose();
    }
}
