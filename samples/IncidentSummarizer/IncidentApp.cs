using System.Text.Json;
using System.Text.RegularExpressions;
using Compliant.AI;
using Compliant.AI.Samples;
using IncidentSummarizer.Chaos;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IncidentSummarizer;

/// <summary>
/// Composes the incident summarizer: the grounded summary pipeline (auditing, guardrails screening the events for
/// prompt injection, grounding over the incident's events, PII redaction, caller boundary) and the remediation pipeline (auditing, the approval record, function invocation
/// with approval-required tools, PII redaction, caller boundary) around the configured model.
/// </summary>
public sealed partial class IncidentApp : IAsyncDisposable
{
    private const string ActionsKey = "remediation";

    private const string Question =
        "Summarize this incident for the incident commander: what failed, the most likely root cause, and what mitigated it. " +
        "The sources are the incident's events in time order; each title reads 'event id | kind | source'. Write short " +
        "sentences in the events' own words, and cite the events each sentence rests on.";

    private const string PlannerInstructions =
        "You propose remediation actions for an IT incident by calling the tools. Every call is reviewed by a person " +
        "before it runs. Propose only actions the digest supports: roll back a deploy that caused the incident, restart " +
        "a failing service, page the on-call engineer of the failing service.";

    private readonly ServiceProvider _services;
    private readonly IChatClient _summary;
    private readonly IChatClient _actions;
    private readonly IPiiDetector _detector;

    private IncidentApp(ServiceProvider services, IncidentSettings settings, string auditDirectory, IncidentChaos? chaos)
    {
        Chaos = chaos;
        _services = services;
        Settings = settings;
        AuditDirectory = auditDirectory;
        _summary = services.GetRequiredService<IChatClient>();
        _actions = services.GetRequiredKeyedService<IChatClient>(ActionsKey);
        _detector = services.GetRequiredService<IPiiDetector>();
    }

    /// <summary>Gets the settings in use.</summary>
    public IncidentSettings Settings { get; }

    /// <summary>Gets the folder holding the audit ledger.</summary>
    public string AuditDirectory { get; }

    /// <summary>Gets the fault <c>--chaos</c> injected, or <see langword="null"/>.</summary>
    public IncidentChaos? Chaos { get; }

    /// <summary>Builds the app from appsettings.json, the environment and <paramref name="overrides"/>.</summary>
    /// <param name="dataDirectory">The folder for the audit ledger and demo key, or <see langword="null"/> for the configured one.</param>
    /// <param name="overrides">Configuration values that win over the files and the environment.</param>
    /// <param name="model">A summary model to use instead of the configured provider (your own <see cref="IChatClient"/>, or a test double).</param>
    /// <param name="chaos">A fault to inject (<c>--chaos</c>, docs/playbook.md), or <see langword="null"/>.</param>
    /// <exception cref="IncidentConfigurationException">A setting is wrong; the message says which.</exception>
    public static IncidentApp Create(string? dataDirectory = null, IEnumerable<KeyValuePair<string, string?>>? overrides = null, IChatClient? model = null, IncidentChaos? chaos = null)
    {
        string root = SampleRoot();
        IConfiguration configuration = SampleConfiguration.Load(root, overrides, message => new IncidentConfigurationException(message));
        var settings = new IncidentSettings();
        try
        {
            configuration.GetSection("IncidentSummarizer").Bind(settings);
        }
        catch (InvalidOperationException ex)
        {
            throw new IncidentConfigurationException($"The IncidentSummarizer settings cannot be read: {ex.Message}");
        }

        bool local = string.Equals(settings.Provider.Trim(), "Local", StringComparison.OrdinalIgnoreCase);
        // The guardrails datamark the events they pass (spotlighting); the embedded model reads them with their spaces back.
        string marker = configuration[GuardrailsOptions.SectionName + ":" + nameof(GuardrailsOptions.SpotlightMarker)] is { Length: > 0 } m ? m : new GuardrailsOptions().SpotlightMarker;
        IChatClient configured = local
            ? new EventSummarizerChatClient(new ExtractiveChatClient(new ExtractiveChatClientOptions { DatamarkMarker = marker }), marker)
            : ModelFactory.Create(settings);
        IChatClient planner = local ? new RemediationPlannerChatClient() : configured;
        model ??= configured;
        if (chaos is not null)
        {
            // Beneath every Compliant.AI stage, where a provider sits.
            model = chaos.WrapModel(model);
        }

        string data = Path.GetFullPath(dataDirectory ?? Path.Combine(root, settings.DataDirectory));
        Directory.CreateDirectory(data);
        string audit = Path.Combine(data, "audit");

        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(b => b.AddConfiguration(configuration.GetSection("Logging")).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        services.AddCompliantAI()
            .AddAuditing()
            .AddAuditKey(SampleConfiguration.LoadOrCreateDemoAuditKey(configuration, data, "incident-summarizer", message => new IncidentConfigurationException(message)))
            .AddAuditLedger(o => o.Directory = audit)
            .AddPiiDetection()
            // Restore in the stage always: it gives back only what it replaced on the way out. Whether customer data may
            // reach the output is decided before (RestorePii = false hands the pipeline already-redacted events).
            .AddPiiRedaction(o => o.Restore = true)
            .AddGrounding(o =>
            {
                // Every sentence must cite an event, and be supported by the events it cites; otherwise the summary is refused.
                o.CitationMode = GroundingCitationMode.PerSentence;
                o.ViolationPolicy = GroundingViolationPolicy.Block;
                o.TopK = 50;
            });
        services.AddSingleton<IRetriever, IncidentEventRetriever>();
        // After the retriever: the guardrails decorate it, so each event is screened (dropped when it reads as
        // instructions, datamarked otherwise) before grounding renders it. The document threshold is raised in
        // appsettings.json (docs/playbook.md, IncidentSummarizer injection: "Settings and why").
        services.AddCompliantAI().AddPromptInjectionDetection().AddGuardrails();
        services.AddSingleton<RemediationTools>();

        // Summary: auditing, guardrails, grounding over the incident's events, PII redaction, caller boundary (the recommended order).
        services.AddChatClient(model).UseCompliance();

        // Remediation: the approval record just inside auditing; function invocation turns each approval-required
        // tool call into a ToolApprovalRequestContent and runs only the approved ones on the next turn.
        services.AddKeyedChatClient(ActionsKey, planner)
            .UseAuditing()
            .Use(inner => new ApprovalAuditChatClient(inner))
            .UseFunctionInvocation()
            .UsePiiRedaction()
            .UseCallerBoundary();

        ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        return new IncidentApp(provider, settings, audit, chaos);
    }

    /// <summary>Gets the prompt-injection detector the guardrails screen the events with (as configured).</summary>
    public IPromptInjectionDetector InjectionDetector => _services.GetRequiredService<IPromptInjectionDetector>();

    /// <summary>Gets the remediation tools (and what they ran).</summary>
    public RemediationTools Tools => _services.GetRequiredService<RemediationTools>();

    /// <summary>Returns the events as the output may show them: redacted (one placeholder per value) unless <see cref="IncidentSettings.RestorePii"/>.</summary>
    public IReadOnlyList<IncidentEvent> PrepareEvents(IReadOnlyList<IncidentEvent> events)
    {
        if (Settings.RestorePii)
        {
            return events;
        }

        var table = new PseudonymTable();
        var anonymizer = new PiiAnonymizer();
        return events.Select(e => e with { Text = anonymizer.Anonymize(e.Text, _detector.Detect(e.Text), table).Text }).ToArray();
    }

    /// <summary>Summarizes one incident: grounded summary, suspected root cause, timeline; no actions yet.</summary>
    /// <param name="name">The incident's name (recorded as the conversation id).</param>
    /// <param name="events">The incident's events in time order, as read (with <see cref="Chaos"/>, changed by it first).</param>
    /// <param name="streaming">Whether to call the pipeline with <c>GetStreamingResponseAsync</c>.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    public async Task<IncidentReport> SummarizeAsync(string name, IReadOnlyList<IncidentEvent> events, bool streaming, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<IncidentEvent> timeline = PrepareEvents(Chaos?.PrepareInput(events) ?? events);
        IncidentEventRetriever.Use(timeline);
        ChatOptions options = new ChatOptions { ConversationId = null, Temperature = 0 }
            .WithCaller(new CallerContext("incident-summarizer", tenantId: Settings.Tenant, purposeOfUse: "OPERATIONS"));
        ChatMessage[] messages = [new(ChatRole.User, Question)];

        ChatResponse response;
        if (streaming)
        {
            var updates = new List<ChatResponseUpdate>();
            await foreach (ChatResponseUpdate update in _summary.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
            {
                updates.Add(update);
            }

            response = updates.ToChatResponse();
        }
        else
        {
            response = await _summary.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }

        GroundingResult? grounding = response.GetGroundingResult();
        bool grounded = grounding?.IsGrounded == true;
        var idBySource = (grounding?.Passages ?? []).Where(p => p.SourceId is not null).ToDictionary(p => p.SourceId!, p => p.ChunkId, StringComparer.Ordinal);
        return new IncidentReport
        {
            Incident = name,
            Timeline = timeline,
            Summary = grounded ? Sentences(response.Text, idBySource) : [],
            Grounded = grounded,
            RefusalReason = grounded ? null : grounding?.Reason ?? "not_verified",
            RootCause = SuspectRootCause(timeline),
            AuditRecordId = response.GetAuditRecordId(),
        };
    }

    /// <summary>
    /// Has the model propose remediation actions, asks <paramref name="policy"/> about each, and sends the decisions
    /// back so only the approved ones run. Both turns are audited; the decisions carry <paramref name="approver"/>.
    /// </summary>
    /// <remarks>
    /// The planner gets a digest of ids, kinds and services, never event text: a log line or chat message that reads as
    /// an instruction cannot reach it. It could only propose anyway; nothing runs without an approval.
    /// </remarks>
    public async Task<IReadOnlyList<ProposedAction>> ProposeActionsAsync(IncidentReport report, ApprovalPolicy policy, string approver, CancellationToken cancellationToken = default)
    {
        IncidentEvent? root = report.RootCause is { } rc ? report.Timeline.FirstOrDefault(e => e.Id == rc.EventId) : null;
        IncidentEvent? symptom = report.RootCause is { Evidence: [.., var last] } ? report.Timeline.FirstOrDefault(e => e.Id == last) : null;
        var digest = new IncidentDigest(
            root is null ? null : new DigestEvent(root.Id, root.Kind, root.Source),
            symptom is null ? null : new DigestEvent(symptom.Id, symptom.Kind, symptom.Source));
        RemediationTools tools = Tools;
        int executedBefore = tools.Executed.Count;
        var options = new ChatOptions { Tools = tools.Tools, ConversationId = null, Temperature = 0 };
        var messages = new List<ChatMessage>
        {
            new(ChatRole.System, PlannerInstructions),
            new(ChatRole.User, "Incident digest: " + JsonSerializer.Serialize(digest, IncidentJson.Options)),
        };

        ChatResponse proposal = await _actions.GetResponseAsync(messages, options.Clone().WithCaller(new CallerContext("incident-summarizer", tenantId: Settings.Tenant, purposeOfUse: "OPERATIONS")), cancellationToken).ConfigureAwait(false);
        ToolApprovalRequestContent[] requests = proposal.Messages.SelectMany(m => m.Contents).OfType<ToolApprovalRequestContent>().ToArray();
        if (requests.Length == 0)
        {
            return [];
        }

        var decisions = new List<AIContent>();
        var proposed = new List<(FunctionCallContent Call, bool Approved, string Reason)>();
        foreach (ToolApprovalRequestContent request in requests)
        {
            if (request.ToolCall is not FunctionCallContent call)
            {
                // Not one of our functions (e.g. a hosted tool): never approved here.
                decisions.Add(request.CreateResponse(false, "not a remediation tool"));
                continue;
            }

            (bool approved, string reason) = policy.Decide(call);
            decisions.Add(request.CreateResponse(approved, reason));
            proposed.Add((call, approved, reason));
        }

        // The decisions go back as the approver's turn: the invoker runs the approved calls, answers the others with a
        // rejection, and the auditing stage records the turn under the approver's identity.
        messages.AddRange(proposal.Messages);
        messages.Add(new ChatMessage(ChatRole.User, decisions));
        _ = await _actions.GetResponseAsync(messages, options.Clone().WithCaller(new CallerContext(approver, tenantId: Settings.Tenant, purposeOfUse: "OPERATIONS")), cancellationToken).ConfigureAwait(false);

        ExecutedAction[] executed = tools.Executed.Skip(executedBefore).ToArray();
        return proposed.Select(p =>
        {
            ExecutedAction? ran = executed.FirstOrDefault(e => e.Tool == p.Call.Name);
            return new ProposedAction(
                p.Call.Name,
                p.Call.CallId,
                (p.Call.Arguments ?? new Dictionary<string, object?>()).ToDictionary(a => a.Key, a => a.Value?.ToString(), StringComparer.Ordinal),
                p.Approved ? "approved" : "denied",
                approver,
                ran is not null,
                ran?.Result ?? p.Reason);
        }).ToArray();
    }

    /// <summary>The heuristic's suspect with its evidence (the suspect and the first failure alert).</summary>
    public static RootCause? SuspectRootCause(IReadOnlyList<IncidentEvent> timeline)
    {
        EventView[] views = timeline.Select(e => new EventView(e.Id, e.Kind, e.Source, e.Text)).ToArray();
        IReadOnlyList<RootCauseCandidate> ranked = RootCauseHeuristic.Rank(views);
        if (ranked.Count == 0)
        {
            return null;
        }

        RootCauseCandidate top = ranked[0];
        int symptom = RootCauseHeuristic.FindSymptom(views);
        string[] evidence = top.Index == symptom ? [views[top.Index].Id] : [views[top.Index].Id, views[symptom].Id];
        return new RootCause(views[top.Index].Id, views[top.Index].Text, top.Score, top.Reasons, evidence);
    }

    /// <summary>Splits the verified answer into sentences and maps each one's <c>[S#]</c> markers to event ids.</summary>
    public static IReadOnlyList<SummarySentence> Sentences(string text, IReadOnlyDictionary<string, string> idBySource)
    {
        var sentences = new List<SummarySentence>();
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            foreach (string part in SentenceEnd().Split(line))
            {
                string cleaned = Marker().Replace(part, string.Empty).Trim();
                string[] cites = Marker().Matches(part).Select(m => idBySource.TryGetValue(m.Groups[1].Value, out string? id) ? id : m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToArray();
                if (cleaned.Length == 0 && sentences.Count > 0)
                {
                    // A marker after the sentence's full stop ("... failed. [S3]") belongs to that sentence.
                    SummarySentence previous = sentences[^1];
                    sentences[^1] = previous with { Cites = previous.Cites.Concat(cites).Distinct(StringComparer.Ordinal).ToArray() };
                }
                else if (cleaned.Length > 0)
                {
                    sentences.Add(new SummarySentence(cleaned, cites));
                }
            }
        }

        return sentences;
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync().ConfigureAwait(false);

    /// <summary>Finds the sample folder (appsettings.json, incidents/) from the build output or the repository root.</summary>
    public static string SampleRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IncidentSummarizer.csproj")))
            {
                return dir.FullName;
            }

            string inRepository = Path.Combine(dir.FullName, "samples", "IncidentSummarizer");
            if (File.Exists(Path.Combine(inRepository, "IncidentSummarizer.csproj")))
            {
                return inRepository;
            }
        }

        return AppContext.BaseDirectory;
    }

    [GeneratedRegex(@"\[(S\d+)\]")]
    private static partial Regex Marker();

    [GeneratedRegex(@"(?<=[.!?])\s+(?=[A-Z<])")]
    private static partial Regex SentenceEnd();
}
