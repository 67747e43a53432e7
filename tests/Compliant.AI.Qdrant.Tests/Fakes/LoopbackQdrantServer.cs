using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Compliant.AI.Tests.Fakes;

/// <summary>
/// Serves a <see cref="FakeQdrantServer"/> on <c>http://127.0.0.1:PORT/</c> through real sockets: Kestrel speaking
/// HTTP/2 without TLS (prior knowledge, as Qdrant's gRPC port does), for end-to-end tests of code that takes a URL.
/// </summary>
public sealed class LoopbackQdrantServer : IDisposable
{
    private readonly WebApplication _app;
    private readonly HttpMessageInvoker _invoker;

    public LoopbackQdrantServer(FakeQdrantServer fake)
    {
        Fake = fake;
        _invoker = new HttpMessageInvoker(fake, disposeHandler: false);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        _app = builder.Build();
        _app.Run(ForwardAsync);
        _app.StartAsync().GetAwaiter().GetResult();
        string address = _app.Urls.First();
        Url = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    public Uri Url { get; }

    public FakeQdrantServer Fake { get; }

    public void Dispose()
    {
        _app.StopAsync().GetAwaiter().GetResult();
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _invoker.Dispose();
    }

    private async Task ForwardAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(Url, context.Request.Path.Value!.TrimStart('/')))
        {
            Version = HttpVersion.Version20,
            Content = new ByteArrayContent(body.ToArray()),
        };
        foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> header in context.Request.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string>)header.Value!))
            {
                request.Content.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string>)header.Value!);
            }
        }

        using HttpResponseMessage response = await _invoker.SendAsync(request, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (KeyValuePair<string, IEnumerable<string>> header in response.Headers.Concat(response.Content.Headers))
        {
            context.Response.Headers[header.Key] = header.Value.ToArray();
        }

        context.Response.Headers.Remove("Content-Length");
        byte[] content = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
        await context.Response.Body.WriteAsync(content, context.RequestAborted);
        if (context.Features.Get<IHttpResponseTrailersFeature>() is not null)
        {
            foreach (KeyValuePair<string, IEnumerable<string>> trailer in response.TrailingHeaders)
            {
                context.Response.AppendTrailer(trailer.Key, trailer.Value.ToArray());
            }
        }
    }
}
