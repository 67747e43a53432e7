using Compliant.AI;
using Compliant.AI.Samples;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TicketTriage.Chaos;
using TicketTriage.Classifier;

namespace TicketTriage;

/// <summary>
/// Composes the triage service: configuration, the Compliant.AI pipeline (auditing, the triage verdict, structured
/// output against the approved-category schema, PII redaction without restoration, caller boundary) around the
/// configured model, and the classification of a batch of tickets in input order.
/// </summary>
public sealed class TriageApp : IAsyncDisposable
{
    // No placeholder-shaped text ("<PERSON_1>") in the instructions: the redaction stage would renumber it as a literal
    // it did not issue (its defence against planted placeholders) and count it in pii.escaped on every ticket.
    private const string Instructions =
        "You triage customer support tickets for a bank. Answer with one JSON object: the ticket's category (exactly one " +
        "of the approved categories in the schema), your confidence from 0 to 1, and a one-sentence summary of what the " +
        "customer needs that contains no names, numbers or contact details. A type and a number in angle brackets " +
        "(PERSON_1, EMAIL_ADDRESS_2) is a placeholder for removed personal data: never guess what it hides.";

    private readonly ServiceProvider _services;
    private readonly IChatClient _pipeline;
    private readonly TriageSettings _settings;
    private readonly ChatOptions _template;
    private readonly TicketClassifier? _classifier;
    private readonly MiniLmEmbeddingGenerator? _embedder;

    private TriageApp(ServiceProvider services, TriageSettings settings, TicketClassifier? classifier, MiniLmEmbeddingGenerator? embedder)
    {
        _embedder = embedder;
        _services = services;
        _settings = settings;
        _classifier = classifier;
        _pipeline = services.GetRequiredService<IChatClient>();
        _template = new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.ForJsonSchema(TriageSchema.Create(settings.Categories), "ticket_triage", "The triage of one support ticket."),
            Temperature = 0,
        };
    }

    /// <summary>Gets the settings in use.</summary>
    public TriageSettings Settings => _settings;

    /// <summary>Gets the folder holding the audit ledger.</summary>
    public string AuditDirectory { get; private init; } = string.Empty;

    /// <summary>Builds the app from appsettings.json, the environment and the command line's overrides; <paramref name="chaos"/> injects one fault (docs/playbook.md).</summary>
    /// <exception cref="TriageConfigurationException">A setting is wrong; the message says which.</exception>
    public static TriageApp Create(string? dataDirectory, IEnumerable<KeyValuePair<string, string?>>? overrides = null, TriageChaos? chaos = null)
    {
        string root = SampleRoot();
        IConfiguration configuration = SampleConfiguration.Load(root, overrides, message => new TriageConfigurationException(message));
        var settings = new TriageSettings();
        try
        {
            configuration.GetSection("TicketTriage").Bind(settings);
        }
        catch (InvalidOperationException ex)
        {
            throw new TriageConfigurationException($"The TicketTriage settings cannot be read: {ex.Message}");
        }

        LoadCategoriesFile(settings, root);
        Validate(settings);
        string data = Path.GetFullPath(dataDirectory ?? Path.Combine(root, settings.DataDirectory));
        Directory.CreateDirectory(data);

        TicketClassifier? classifier = null;
        MiniLmEmbeddingGenerator? embedder = null;
        IChatClient model;
        if (string.Equals(settings.Provider.Trim(), "Local", StringComparison.OrdinalIgnoreCase))
        {
            embedder = new MiniLmEmbeddingGenerator(new MiniLmEmbeddingGeneratorOptions { BatchSize = TicketClassifier.MaxBatch, IntraOpThreads = settings.EmbeddingThreads });
            classifier = new TicketClassifier(
                TicketClassifier.LoadEmbeddedHead(),
                embedder,
                settings.Cascade ? TicketClassifier.LoadEmbeddedLexicalHead() : null,
                settings.CascadeThreshold);
            string[] unknown = settings.Categories.Where(c => !classifier.Classes.Contains(c, StringComparer.Ordinal)).ToArray();
            if (unknown.Length > 0)
            {
                throw new TriageConfigurationException($"The local classifier was not trained on {unknown.Length} approved categories (e.g. '{unknown[0]}'): remove them, retrain (eng/train-triage), or configure a provider.");
            }

            model = new LocalTriageChatClient(classifier);
        }
        else
        {
            model = ModelFactory.Create(settings);
        }

        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(b => b.AddConfiguration(configuration.GetSection("Logging")).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        CompliantAIBuilder compliant = services.AddCompliantAI()
            .AddAuditing()
            .AddAuditKey(SampleConfiguration.LoadOrCreateDemoAuditKey(configuration, data, "ticket-triage", message => new TriageConfigurationException(message)))
            .AddAuditLedger(o => o.Directory = Path.Combine(data, "audit"))
            .AddPiiDetection()
            .AddPiiRedaction(o => o.Restore = false);
        chaos?.AddHandlingStage(compliant, settings.Tenant);

        // Auditing outermost; the triage verdict inside it, on answers that passed the schema; PII redaction before the
        // model, with restoration off so the summary keeps the placeholders instead of the customer's data.
        // With --chaos, the fault sits beneath every stage (where a provider sits) and the stage that handles it (cost
        // control, resilience) goes where UseCompliance() puts it: after redaction, before the caller boundary.
        ChatClientBuilder pipeline = services.AddChatClient(chaos?.WrapModel(model) ?? model)
            .UseAuditing()
            .Use(inner => new TriageAuditChatClient(inner, settings.ConfidenceThreshold))
            .UseStructuredOutput()
            .UsePiiRedaction();
        chaos?.UseHandlingStage(pipeline);
        pipeline.UseCallerBoundary();

        ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        return new TriageApp(provider, settings, classifier, embedder) { AuditDirectory = Path.Combine(data, "audit") };
    }

    /// <summary>Loads the local model now (seconds), so the first tickets do not wait for it.</summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        if (_embedder is not null)
        {
            // The embedder itself: with the cascade, a warm-up ticket may well be answered without it.
            await _embedder.WarmUpAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Gets how many tickets the local classifier answered from its lexical head alone and how many it embedded, or
    /// <see langword="null"/> when a provider answers.
    /// </summary>
    public (long Lexical, long Embedded)? CascadeCounts => _classifier is null ? null : (_classifier.LexicalAnswers, _classifier.EmbeddedAnswers);

    /// <summary>Classifies <paramref name="tickets"/> with up to <see cref="TriageSettings.MaxConcurrency"/> in flight and returns the results in input order.</summary>
    public async Task<TriageResult[]> ClassifyAsync(IReadOnlyList<Ticket> tickets, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var results = new TriageResult[tickets.Count];
        int done = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, tickets.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _settings.MaxConcurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                results[i] = await ClassifyOneAsync(tickets[i], ct).ConfigureAwait(false);
                progress?.Report(Interlocked.Increment(ref done));
            }).ConfigureAwait(false);
        return results;
    }

    /// <summary>Classifies one ticket: one pipeline call, one audit record.</summary>
    public async Task<TriageResult> ClassifyOneAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        ChatOptions options = _template.Clone().WithCaller(new CallerContext("ticket-triage", tenantId: _settings.Tenant, purposeOfUse: "OPERATIONS"));
        options.ConversationId = null;
        ChatMessage[] messages = [new(ChatRole.System, Instructions), new(ChatRole.User, ticket.Text)];
        try
        {
            ChatResponse response = await _pipeline.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            TriageAnswer answer = TriageAnswer.TryParse(response.Text)
                ?? throw new StructuredOutputValidationException("The answer passed the schema but could not be read.");
            string priority = _settings.Priorities.TryGetValue(answer.Category, out string? p) ? p : _settings.DefaultPriority;
            return new TriageResult(ticket.Id, answer.Category, priority, answer.Summary, Math.Round(answer.Confidence, 4), TriageAuditChatClient.NeedsHuman(answer.Confidence, _settings.ConfidenceThreshold));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A ticket that cannot be classified goes to a person; the failure is on its audit record. Only the type is
            // reported: exception messages can carry request content.
            return new TriageResult(ticket.Id, null, null, null, 0, NeedsHuman: true) { Error = ex.GetType().Name };
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync().ConfigureAwait(false);
        if (_classifier is not null)
        {
            await _classifier.DisposeAsync().ConfigureAwait(false);
        }

        // After the classifier: its worker has finished every embedding by then.
        _embedder?.Dispose();
    }

    internal static string SampleRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TicketTriage.csproj")))
            {
                return dir.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }

    private static void LoadCategoriesFile(TriageSettings settings, string root)
    {
        if (string.IsNullOrWhiteSpace(settings.CategoriesFile))
        {
            return;
        }

        string path = Path.GetFullPath(Path.Combine(root, settings.CategoriesFile));
        if (!File.Exists(path))
        {
            throw new TriageConfigurationException($"TicketTriage:CategoriesFile: no file at {path}.");
        }

        settings.Categories.Clear();
        settings.Categories.AddRange(File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')));
    }

    private static void Validate(TriageSettings settings)
    {
        if (settings.Categories.Count == 0)
        {
            throw new TriageConfigurationException("TicketTriage:Categories is empty: list the approved categories.");
        }

        if (settings.Categories.Distinct(StringComparer.Ordinal).Count() != settings.Categories.Count || settings.Categories.Any(string.IsNullOrWhiteSpace))
        {
            throw new TriageConfigurationException("TicketTriage:Categories has a blank or repeated entry.");
        }

        if (settings.ConfidenceThreshold is < 0 or > 1 || double.IsNaN(settings.ConfidenceThreshold))
        {
            throw new TriageConfigurationException("TicketTriage:ConfidenceThreshold must be between 0 and 1.");
        }

        if (settings.CascadeThreshold is < 0 or > 1 || double.IsNaN(settings.CascadeThreshold))
        {
            throw new TriageConfigurationException("TicketTriage:CascadeThreshold must be between 0 and 1.");
        }

        if (settings.EmbeddingThreads is < 0 or > 1024)
        {
            throw new TriageConfigurationException("TicketTriage:EmbeddingThreads must be between 0 and 1024.");
        }

        if (settings.MaxConcurrency is < 1 or > 4096)
        {
            throw new TriageConfigurationException("TicketTriage:MaxConcurrency must be between 1 and 4096.");
        }
    }
}
