using System.Diagnostics;
using System.Security.Cryptography;
using Compliant.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace PolicyAssistant;

/// <summary>Composes the assistant: configuration, the Compliant.AI pipeline around the configured model, and the policy index.</summary>
public sealed class AssistantApp : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly PolicyLibrary _library;
    private readonly CapturingAuditSink _audit;

    private AssistantApp(ServiceProvider services, PolicyLibrary library, CapturingAuditSink audit)
    {
        _services = services;
        _library = library;
        _audit = audit;
    }

    public static async Task<AssistantApp> CreateAsync(CancellationToken cancellationToken, bool ingestOnFirstUse = true)
    {
        string root = SampleRoot();
        IConfiguration configuration = new ConfigurationBuilder()
            .SetBasePath(root)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var settings = new AssistantSettings();
        configuration.GetSection("PolicyAssistant").Bind(settings);
        string dataDirectory = Path.GetFullPath(Path.Combine(root, settings.DataDirectory));
        Directory.CreateDirectory(dataDirectory);

        var library = new PolicyLibrary(Path.Combine(root, "policies"), Path.Combine(dataDirectory, "index"));
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(b => b.AddConfiguration(configuration.GetSection("Logging")).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));

        CompliantAIBuilder compliant = services.AddCompliantAI()
            .AddAuditing()
            .AddAuditKey(LoadOrCreateDemoKey(configuration, dataDirectory))
            .AddAuditLedger(o => o.Directory = Path.Combine(dataDirectory, "audit"))
            .AddPiiDetection()
            .AddPiiRedaction()
            .AddGrounding();

        // The pipeline's audit sink: the real ledger, wrapped so this sample can print what a record says.
        services.AddSingleton(sp => new CapturingAuditSink(sp.GetRequiredService<FileAuditLedger>()));
        services.AddSingleton<IAuditSink>(sp => sp.GetRequiredService<CapturingAuditSink>());

        if (string.Equals(settings.Store, "Qdrant", StringComparison.OrdinalIgnoreCase))
        {
            compliant.AddQdrantRetrieval();
        }
        else
        {
            services.AddSingleton<IRetriever>(_ => library.Index);
        }

        services.AddChatClient(_ => ModelFactory.Create(settings))
            .UseCompliance();

        ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var app = new AssistantApp(provider, library, provider.GetRequiredService<CapturingAuditSink>());
        if (ingestOnFirstUse && !string.Equals(settings.Store, "Qdrant", StringComparison.OrdinalIgnoreCase))
        {
            await library.LoadOrIngestAsync(progress: null, cancellationToken);
        }

        return app;
    }

    public async Task<AskResult> AskAsync(string question, string user, IReadOnlyList<string> groups, CancellationToken cancellationToken)
    {
        IChatClient chat = _services.GetRequiredService<IChatClient>();
        var caller = new CallerContext(user, groups, tenantId: "policy-assistant", purposeOfUse: "OPERATIONS");
        ChatResponse response = await chat.GetResponseAsync(question, new ChatOptions().WithCaller(caller), cancellationToken);

        GroundingResult? grounding = response.GetGroundingResult();
        string? auditId = response.GetAuditRecordId();
        AuditRecord? record = _audit.Find(auditId);
        var redactions = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, long> counter in record?.Counters ?? [])
        {
            const string Prefix = "pii.redacted.";
            if (counter.Key.StartsWith(Prefix, StringComparison.Ordinal))
            {
                redactions[counter.Key[Prefix.Length..]] = counter.Value;
            }
        }

        IReadOnlyList<CitationView> citations = grounding?.Citations
            .Select(c => new CitationView(c.SourceId, c.DocumentId, c.Title, RelativeToSample(c.Source), c.SectionPath))
            .ToList() ?? [];
        return new AskResult(response.Text, grounding?.Refused ?? false, grounding?.Reason, citations, redactions, auditId);
    }

    public async Task<IngestSummary> IngestWithProgressAsync(string? folder, CancellationToken cancellationToken)
    {
        if (folder is not null)
        {
            _library.UseFolder(Path.GetFullPath(folder));
        }

        IngestSummary summary = null!;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                ProgressTask task = ctx.AddTask("Ingesting policies");
                var progress = new Progress<IngestionProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.DocumentsTotal ?? 1);
                    task.Value = p.DocumentsProcessed;
                });
                summary = await _library.IngestAsync(progress, cancellationToken);
                task.Value = task.MaxValue;
            });
        return summary;
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();

    private static string? RelativeToSample(string? source) =>
        source is not null && Path.IsPathFullyQualified(source) ? Path.GetRelativePath(SampleRoot(), source) : source;

    /// <summary>The sample folder (where appsettings.json and policies/ live), found from the build output.</summary>
    internal static string SampleRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PolicyAssistant.csproj")))
            {
                return dir.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }

    /// <summary>
    /// The audit key: from configuration or COMPLIANT_AUDIT_KEY when set; otherwise a demo key generated once into the
    /// data folder. A real deployment keeps the key in a secret store, never beside the ledger.
    /// </summary>
    private static AuditKey LoadOrCreateDemoKey(IConfiguration configuration, string dataDirectory)
    {
        string? configured = configuration["Compliant:Audit:Key"] ?? Environment.GetEnvironmentVariable(AuditKey.DefaultEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return AuditKey.FromBase64(configuration["Compliant:Audit:KeyId"] ?? "default", configured);
        }

        string path = Path.Combine(dataDirectory, "demo-audit.key");
        if (!File.Exists(path))
        {
            File.WriteAllText(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            Console.Error.WriteLine($"policy-assistant: no COMPLIANT_AUDIT_KEY set; generated a demo audit key at {path} (demo only).");
        }

        return AuditKey.FromBase64("demo", File.ReadAllText(path));
    }
}
