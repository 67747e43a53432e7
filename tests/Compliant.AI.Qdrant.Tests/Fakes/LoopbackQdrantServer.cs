using System.Net;
using System.Net.Sockets;

namespace Compliant.AI.Tests.Fakes;

/// <summary>Serves a <see cref="FakeQdrantServer"/> on <c>http://127.0.0.1:PORT/</c> through real sockets (HttpListener), for end-to-end tests of code that takes a URL.</summary>
public sealed class LoopbackQdrantServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpMessageInvoker _invoker;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LoopbackQdrantServer(FakeQdrantServer fake)
    {
        Fake = fake;
        _invoker = new HttpMessageInvoker(fake, disposeHandler: false);
        int port = FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Url.AbsoluteUri);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri Url { get; }

    public FakeQdrantServer Fake { get; }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _invoker.Dispose();
        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        try
        {
            using var request = new HttpRequestMessage(new HttpMethod(context.Request.HttpMethod), new Uri("http://loopback" + context.Request.RawUrl));
            if (context.Request.HasEntityBody)
            {
                using var buffer = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(buffer);
                request.Content = new ByteArrayContent(buffer.ToArray());
                if (context.Request.ContentType is { } contentType)
                {
                    request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
                }
            }

            if (context.Request.Headers["api-key"] is { } apiKey)
            {
                request.Headers.TryAddWithoutValidation("api-key", apiKey);
            }

            using HttpResponseMessage response = await _invoker.SendAsync(request, _stop.Token);
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            byte[] body = await response.Content.ReadAsByteArrayAsync();
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        finally
        {
            context.Response.Close();
        }
    }
}
