using System.Net.Http.Headers;
using Compliant.AI;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace PolicyService.Tests;

/// <summary>The service on the in-memory test server, with its own data folder and a fake clock for token lifetimes.</summary>
public sealed class PolicyServiceFactory : WebApplicationFactory<Program>
{
    public PolicyServiceFactory()
    {
        Directory.CreateDirectory(DataDirectory);
    }

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "policy-service-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>Gets the clock the service validates token lifetimes with (not the ledger's: its lines need monotonic real time).</summary>
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public Action<IServiceCollection>? ConfigureServices { get; set; }

    public DevTokenIssuer Issuer => Services.GetRequiredService<DevTokenIssuer>();

    public HttpClient ClientFor(string user, params string[] groups)
    {
        HttpClient client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Issuer.Mint(user, groups));
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("PolicyService:DataDirectory", DataDirectory);
        builder.UseEnvironment("Development");
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
            ConfigureServices?.Invoke(services);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
