using System.Globalization;
using Compliant.AI;
using Compliant.AI.Samples;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PolicyAssistant.Chaos;
using Spectre.Console;

namespace PolicyAssistant;

/// <summary>Composes the assistant: configuration, the Compliant.AI pipeline around the configured model, and the policy index.</summary>
public sealed class AssistantApp : IAsyncDisposable
{
    private const string IngestOperation = "policy-assistant.ingest";
    private readonly ServiceProvider _services;
    private readonly PolicyLibrary _library;
    private readonly CapturingAuditSink _audit;
    private readonly AssistantSettings _settings;
    private readonly string _root;
    private readonly bool _hybrid;
    private readonly ChaosMode? _chaos;

    private AssistantApp(ServiceProvider services, PolicyLibrary library, CapturingAuditSink audit, AssistantSettings settings, string root, bool hybrid, ChaosMode? chaos)
    {
        _chaos = chaos;
        _services = services;
        _library = library;
        _audit = audit;
        _settings = settings;
        _root = root;
        _hybrid = hybrid;
    }

    /// <summary>Builds the app from appsettings.json, the environment and the command line's overrides.</summary>
    /// <param name="dataDirectory">The <c>--data-dir</c> override (relative to the current directory), or null.</param>
    /// <param name="ingestOnFirstUse">Whether to load (or build) the index of the corpus in use now.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <param name="chaos">The fault <c>--chaos</c> injects (docs/playbook.md), or null for none.</param>
    /// <exception cref="AssistantConfigurationException">A setting is wrong; the message says which and how to fix it.</exception>
    public static Task<AssistantApp> CreateAsync(string? dataDirectory, bool ingestOnFirstUse, CancellationToken cancellationToken, ChaosMode? chaos = null)
    {
        string root = SampleRoot();
        return CreateAsync(root, SampleConfiguration.Load(root, overrides: null, message => new AssistantConfigurationException(message)), dataDirectory, ingestOnFirstUse, cancellationToken, chaos);
    }

    /// <summary>
    /// Builds the app from a host's configuration (sections <c>PolicyAssistant</c> and <c>Compliant</c>); the same
    /// composition the console uses. PolicyService calls this with ASP.NET Core's configuration.
    /// </summary>
    /// <param name="root">The folder holding <c>policies/</c>; relative settings resolve against it.</param>
    /// <param name="configuration">The configuration.</param>
    /// <param name="dataDirectory">An absolute or current-directory-relative data folder, or null for <c>PolicyAssistant:DataDirectory</c>.</param>
    /// <param name="ingestOnFirstUse">Whether to load (or build) the index of the corpus in use now.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <param name="chaos">The fault <c>--chaos</c> injects (docs/playbook.md), or null for none.</param>
    /// <exception cref="AssistantConfigurationException">A setting is wrong; the message says which and how to fix it.</exception>
    public static async Task<AssistantApp> CreateAsync(string root, IConfiguration configuration, string? dataDirectory, bool ingestOnFirstUse, CancellationToken cancellationToken, ChaosMode? chaos = null)
    {
        StageTimings.Scope configuring = StageTimings.Stage("configuration");
        var settings = new AssistantSettings();
        try
        {
            configuration.GetSection("PolicyAssistant").Bind(settings);
        }
        catch (InvalidOperationException ex)
        {
            throw new AssistantConfigurationException($"The PolicyAssistant settings cannot be read: {ex.Message}");
        }

        RetrievalOptions retrieval = BindRetrieval(configuration);
        bool qdrant = Choice(settings.Store, "Store", "InMemory", "Qdrant") == "QDRANT";
        bool hybrid = Choice(settings.Retrieval, "Retrieval", "Bm25", "Hybrid") == "HYBRID";
        string embeddingsChoice = Choice(string.IsNullOrWhiteSpace(settings.Embeddings) ? "None" : settings.Embeddings, "Embeddings", "None", "MiniLM", "Hashing");
        if (qdrant && embeddingsChoice == "NONE")
        {
            throw new AssistantConfigurationException("PolicyAssistant:Store=Qdrant needs an embedding generator: set PolicyAssistant:Embeddings to MiniLM (offline all-MiniLM-L6-v2, 384 dimensions) or Hashing.");
        }

        if (qdrant && hybrid)
        {
            throw new AssistantConfigurationException("PolicyAssistant:Retrieval=Hybrid works with Store=InMemory; Qdrant does its own dense retrieval.");
        }

        IEmbeddingGenerator<string, Embedding<float>>? embeddings = (hybrid && embeddingsChoice == "NONE" ? "MINILM" : embeddingsChoice) switch
        {
            "MINILM" => CreateMiniLm(),
            "HASHING" => new HashingEmbeddingGenerator(),
            _ => null,
        };

        IChatClient provider = ModelFactory.Create(settings, hybrid ? embeddings : null);
        IChatClient model = TimingDecorators.Model(chaos?.WrapModel(provider) ?? provider);
        string data = ResolveDataDirectory(root, dataDirectory ?? settings.DataDirectory, fromCommandLine: dataDirectory is not null);
        var library = new PolicyLibrary(Path.Combine(data, "index"), hybrid ? embeddings : null, retrieval);
        configuring.Dispose();
        StageTimings.Scope composing = StageTimings.Stage("service provider");
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(b => b.AddConfiguration(configuration.GetSection("Logging")).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));

        CompliantAIBuilder compliant = services.AddCompliantAI()
            .AddAuditing()
            .AddAuditKey(SampleConfiguration.LoadOrCreateDemoAuditKey(configuration, data, "policy-assistant", message => new AssistantConfigurationException(message)))
            .AddAuditLedger(o => o.Directory = Path.Combine(data, "audit"))
            .AddPiiDetection()
            .AddPiiRedaction()
            .AddGrounding();

        // The pipeline's audit sink: the real ledger, wrapped so this sample can print what a record says.
        services.AddSingleton(sp => new CapturingAuditSink(TimingDecorators.AuditSink(sp.GetRequiredService<FileAuditLedger>())));
        services.AddSingleton<IAuditSink>(sp => sp.GetRequiredService<CapturingAuditSink>());
        if (embeddings is not null)
        {
            services.AddSingleton(embeddings);
        }

        if (qdrant)
        {
            AddQdrant(compliant);
        }
        else
        {
            services.AddSingleton<IRetriever>(_ => TimingDecorators.Retriever(new PolicyRetriever(library, hybrid ? embeddings : null)));
        }

        if (chaos is not null)
        {
            // The fault goes around the real retriever; the stage meant to handle it (guardrails decorate the retriever
            // registered before them) is added after it.
            if (services.LastOrDefault(static s => s.ServiceType == typeof(IRetriever) && !s.IsKeyedService) is { } registered)
            {
                services.Remove(registered);
                services.AddSingleton(sp => chaos.WrapRetriever(
                    registered.ImplementationInstance as IRetriever
                    ?? (IRetriever?)registered.ImplementationFactory?.Invoke(sp)
                    ?? (IRetriever)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!)));
            }

            chaos.AddHandlingStage(compliant);
        }

        if (StageTimings.Enabled && services.LastOrDefault(static s => s.ServiceType == typeof(IPiiDetector)) is { ImplementationFactory: { } detector } descriptor)
        {
            services.Remove(descriptor);
            services.AddSingleton(sp => TimingDecorators.PiiDetector((IPiiDetector)detector(sp)));
        }

        services.AddChatClient(model).UseCompliance();

        ServiceProvider serviceProvider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var app = new AssistantApp(serviceProvider, library, serviceProvider.GetRequiredService<CapturingAuditSink>(), settings, root, hybrid, chaos);
        composing.Dispose();
        if (ingestOnFirstUse && !qdrant)
        {
            using (StageTimings.Stage("index load (or build)"))
            {
                await library.LoadOrIngestAsync(app.CorpusInUse(), cancellationToken);
            }
        }

        return app;
    }

    /// <summary>
    /// The corpus <c>ask</c> answers from: the one the last <c>ingest</c> recorded in the data folder; otherwise
    /// <c>PolicyAssistant:PolicyFolder</c>; otherwise the bundled policies.
    /// </summary>
    public PolicyCorpus CorpusInUse()
    {
        CorpusManifest? recorded = _library.ReadManifest();
        return recorded is not null
            ? new PolicyCorpus(recorded.Folder, recorded.Bundled, recorded.DefaultAcl, recorded.Exclude)
            : ConfiguredCorpus(folder: null, defaultAcl: null, exclude: []);
    }

    /// <summary>The corpus <c>ingest</c> reads: <c>--folder</c>, else <c>PolicyAssistant:PolicyFolder</c>, else the bundled policies.</summary>
    public PolicyCorpus ConfiguredCorpus(string? folder, string? defaultAcl, IReadOnlyList<string> exclude)
    {
        string? configured = string.IsNullOrWhiteSpace(_settings.PolicyFolder) ? null : Path.GetFullPath(Path.Combine(_root, _settings.PolicyFolder));
        string bundled = Path.Combine(_root, "policies");
        string chosen = folder is not null ? Path.GetFullPath(folder) : configured ?? bundled;
        bool isBundled = string.Equals(Path.GetFullPath(chosen).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(bundled).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);
        return new PolicyCorpus(chosen, isBundled, defaultAcl ?? _settings.DefaultAcl, [.. _settings.Exclude, .. exclude]);
    }

    /// <summary>Gets the composed services (the pipeline, the audit ledger, the retriever), for a host's health checks.</summary>
    public IServiceProvider Services => _services;

    /// <summary>Gets the composed Compliant.AI pipeline around the configured model.</summary>
    public IChatClient ChatClient => _services.GetRequiredService<IChatClient>();

    public Task<AskResult> AskAsync(string question, string user, IReadOnlyList<string> groups, CancellationToken cancellationToken) =>
        AskAsync(question, new CallerContext(user, AccessRules.NormalizeGroups(groups), tenantId: "policy-assistant", purposeOfUse: "OPERATIONS"), cancellationToken);

    /// <summary>Answers <paramref name="question"/> for <paramref name="caller"/> (its groups already normalized as <see cref="AccessRules"/> says).</summary>
    public async Task<AskResult> AskAsync(string question, CallerContext caller, CancellationToken cancellationToken)
    {
        IChatClient chat;
        using (StageTimings.Stage("pipeline resolve"))
        {
            chat = ChatClient;
        }

        PolicyRetriever.StrongBox capture = PolicyRetriever.BeginCapture();
        ChatResponse response = await chat.GetResponseAsync(question, CreateOptions(caller), cancellationToken);
        return Describe(response, capture);
    }

    /// <summary>The options of an ask by <paramref name="caller"/> (a <c>--chaos invalid-json</c> ask also requests a JSON answer).</summary>
    public ChatOptions CreateOptions(CallerContext caller)
    {
        ChatOptions options = new ChatOptions().WithCaller(caller);
        _chaos?.ConfigureRequest(options);
        return options;
    }

    /// <summary>
    /// What a response says: the answer, refusal, citations, redaction counts (from its audit record, taken from the
    /// capture so it is not kept) and the retrieval view. <paramref name="capture"/> is the ask's retrieval capture, or null.
    /// </summary>
    public AskResult Describe(ChatResponse response, PolicyRetriever.StrongBox? capture)
    {
        GroundingResult? grounding = response.GetGroundingResult();
        string? auditId = response.GetAuditRecordId();
        AuditRecord? record = _audit.Take(auditId);
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
            .Select(c => new CitationView(c.SourceId, c.DocumentId, c.Title, RelativeToSample(c.Source), SectionPaths.WithoutTitle(c.SectionPath, c.Title)))
            .ToList() ?? [];

        // Why the answer was given or refused comes from the library's verdict: the passages retrieved for this caller
        // (ids, scores, whether injected), the evidence figure and the reason. Passages the caller may not read are
        // never listed or counted there; access_denied says only that some exist. The sample's own capture of what its
        // retriever returned is the fallback for a pipeline without a grounding stage.
        RetrievalView? retrieval = grounding is not null
            ? new RetrievalView(
                grounding.Passages.Select(p => new PassageView(p.ChunkId, p.DocumentId, p.Score, p.Title, SectionPaths.WithoutTitle(p.SectionPath, p.Title))).ToList(),
                grounding.Passages.Any(p => p.SourceId is not null),
                grounding.Passages.Count > 0 ? grounding.Passages[0].Score : null,
                grounding.Reason == GroundingReasons.AccessDenied,
                _hybrid ? "hybrid" : "bm25")
            {
                EvidenceScore = grounding.EvidenceScore,
            }
            : capture is { Results.Count: > 0 } && capture.Results[^1] is { } retrieved
                ? new RetrievalView(
                    retrieved.Passages.Select(p => new PassageView(p.ChunkId, p.DocumentId, p.Score, p.Title, SectionPaths.WithoutTitle(p.SectionPath, p.Title))).ToList(),
                    retrieved.HasEvidence,
                    retrieved.Passages.Count > 0 ? retrieved.Passages[0].Score : null,
                    retrieved.DeniedCount > 0 && !retrieved.HasEvidence,
                    _hybrid ? "hybrid" : "bm25")
                {
                    EvidenceScore = retrieved.EvidenceScore,
                }
                : null;

        return new AskResult(response.Text, grounding?.Refused ?? false, grounding?.Reason, citations, redactions, auditId)
        {
            Corpus = CorpusView(),
            Retrieval = retrieval,
        };
    }

    public async Task<IngestSummary> IngestWithProgressAsync(PolicyCorpus corpus, string user, bool showProgress, CancellationToken cancellationToken)
    {
        IngestSummary summary = null!;
        if (showProgress)
        {
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
                    summary = await _library.IngestAsync(corpus, progress, cancellationToken);
                    task.Value = task.MaxValue;
                });
        }
        else
        {
            summary = await _library.IngestAsync(corpus, progress: null, cancellationToken);
        }

        await RecordIngestAsync(corpus, summary, user, cancellationToken);
        return summary;
    }

    public CorpusView? CorpusView() => _library.Manifest is { } m
        ? new CorpusView(m.Bundled ? "bundled" : Path.GetFileName(m.Folder.TrimEnd(Path.DirectorySeparatorChar)), m.Bundled ? RelativeToSample(m.Folder)! : m.Folder, m.Bundled, m.DocumentIds.Length, m.DefaultAcl)
        : null;

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();

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
    /// One audit record per ingest: who ingested, how many documents had no access rules and which default rule, if
    /// any, was given to them, so the choice to open documents up is on the record. No folder path or file name is
    /// recorded (paths can carry personal names); the corpus fingerprint identifies the files.
    /// </summary>
    private async Task RecordIngestAsync(PolicyCorpus corpus, IngestSummary summary, string user, CancellationToken cancellationToken)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        var details = new Dictionary<string, string>
        {
            ["corpus"] = corpus.Bundled ? "bundled" : "folder",
            ["fingerprint"] = _library.Manifest?.Fingerprint ?? string.Empty,
            ["default_acl"] = corpus.DefaultPrincipal ?? "(none)",
            ["documents_without_acl"] = summary.WithoutAcl.ToString(CultureInfo.InvariantCulture),
        };
        var record = new AuditRecord
        {
            RecordId = Guid.CreateVersion7(now).ToString(),
            Timestamp = now,
            Operation = IngestOperation,
            Caller = new AuditCaller { UserId = user, TenantId = "policy-assistant", PurposeOfUse = "OPERATIONS" },
            Verdicts =
            [
                new AuditVerdict("ingest", summary.WithoutAcl > 0 && corpus.DefaultPrincipal is not null ? AuditDecision.Modify : AuditDecision.Allow,
                    summary.WithoutAcl == 0 ? "all_documents_have_acl" : corpus.DefaultPrincipal is null ? "documents_without_acl_unreadable" : "default_acl_applied")
                {
                    Details = details,
                },
            ],
        };
        record.Counters["ingest.documents"] = summary.Documents;
        record.Counters["ingest.documents_without_acl"] = summary.WithoutAcl;
        record.Counters["ingest.chunks"] = summary.Chunks;
        record.Counters["ingest.skipped_files"] = summary.Skipped.Count;
        await _audit.WriteAsync(record, cancellationToken);
    }

    // Kept out of CreateAsync, and typed by the interface, so the MiniLM assembly (90 MB, the model inside) is not even
    // loaded unless chosen: compiling CreateAsync resolves the signatures of the methods it calls.
    // The model's ONNX session (a quarter of a second on a quiet machine, more under load) loads on the thread pool from
    // here on, while this thread composes the pipeline and loads the index, instead of inside the first retrieval; a
    // load that fails is thrown, as MiniLmEmbeddingException, by the first embedding call (docs/performance.md,
    // "First answer").
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "The interface type keeps the concrete type's assembly from loading until the method runs.")]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    // Its inference threads do not spin while waiting: a command-line process on a few shared cores needs that CPU for
    // its own start-up (the warm-up runs beside it) and the machine's other work.
    private static IEmbeddingGenerator<string, Embedding<float>> CreateMiniLm()
    {
        var generator = new MiniLmEmbeddingGenerator(new MiniLmEmbeddingGeneratorOptions { AllowThreadSpinning = false });
        s_modelWarmUp = generator.StartWarmUp();
        return generator;
    }

    private static Task s_modelWarmUp = Task.CompletedTask;

    /// <summary>
    /// Completes when the model load this process started in the background has ended (at once when none was started);
    /// never faults. The process must not exit before: ONNX Runtime tears down under a session still being created and
    /// the process dies with SIGSEGV (exit code 139) instead of its own exit code, as a configuration error found
    /// while the model loads did (<c>ingest</c> of a folder without policy files).
    /// </summary>
    public static Task BackgroundModelLoad => s_modelWarmUp;

    // Likewise for the Qdrant assembly and its gRPC/HTTP dependencies.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void AddQdrant(CompliantAIBuilder compliant) => compliant.AddQdrantRetrieval();

    /// <summary>Binds <c>Compliant:Retrieval</c> (BM25 evidence threshold and query vocabulary, dense threshold, hybrid fusion).</summary>
    private static RetrievalOptions BindRetrieval(IConfiguration configuration)
    {
        var retrieval = new RetrievalOptions();
        try
        {
            configuration.GetSection(RetrievalOptions.SectionName).Bind(retrieval);
        }
        catch (InvalidOperationException ex)
        {
            throw new AssistantConfigurationException($"The {RetrievalOptions.SectionName} settings cannot be read: {ex.Message}");
        }

        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        foreach (object options in new object[] { retrieval.Bm25, retrieval.Dense, retrieval.Hybrid })
        {
            System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);
        }

        if (results.Count == 0 && retrieval.Hybrid.EvidenceWeights.Count is not (0 or 2))
        {
            // Hybrid fuses BM25 and dense retrieval, in that order: one weight for each, or none.
            throw new AssistantConfigurationException($"{RetrievalOptions.SectionName}:Hybrid:EvidenceWeights needs two weights (BM25 coverage, dense similarity) or none; got {retrieval.Hybrid.EvidenceWeights.Count}.");
        }

        return results.Count == 0
            ? retrieval
            : throw new AssistantConfigurationException($"{RetrievalOptions.SectionName}: {results[0].ErrorMessage}");
    }

    private static string Choice(string value, string setting, params string[] allowed)
    {
        string upper = (value ?? string.Empty).Trim().ToUpperInvariant();
        return allowed.Any(a => string.Equals(a, upper, StringComparison.OrdinalIgnoreCase))
            ? upper
            : throw new AssistantConfigurationException($"Unknown PolicyAssistant:{setting} '{value}'. Use {string.Join(" or ", allowed)}.");
    }

    private static string ResolveDataDirectory(string root, string configured, bool fromCommandLine)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new AssistantConfigurationException("PolicyAssistant:DataDirectory is empty; give a folder for the index and the audit ledger.");
        }

        // --data-dir is relative to where the user is; the setting is relative to the sample folder.
        string path = fromCommandLine ? Path.GetFullPath(configured) : Path.GetFullPath(Path.Combine(root, configured));
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AssistantConfigurationException($"The data folder '{path}' cannot be created ({ex.GetType().Name}).");
        }

        return path;
    }

    private string? RelativeToSample(string? source) =>
        source is not null && Path.IsPathFullyQualified(source) && source.StartsWith(_root, StringComparison.Ordinal) ? Path.GetRelativePath(_root, source) : source;
}
