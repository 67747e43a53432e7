using PolicyAssistant;

namespace PolicyService;

/// <summary>Creates the PolicyAssistant composition (pipeline, index, ledger) when the host starts and disposes it when it stops.</summary>
public sealed class AssistantHost(IConfiguration configuration, IHostEnvironment environment, ServiceLocations locations) : IHostedService, IAsyncDisposable
{
    private AssistantApp? _app;

    /// <summary>Gets the assistant; available once the host has started (before the server accepts requests).</summary>
    public AssistantApp App => _app ?? throw new InvalidOperationException("The assistant has not started.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The bundled policies come with the PolicyAssistant project reference into the output folder.
        string root = Directory.Exists(Path.Combine(AppContext.BaseDirectory, "policies")) ? AppContext.BaseDirectory : environment.ContentRootPath;
        _app = await AssistantApp.CreateAsync(root, configuration, locations.DataDirectory, ingestOnFirstUse: true, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
