extern alias cli;

using System.Globalization;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using cli::Compliant.AI.Cli.Evaluation;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Compliant.AI.Benchmarks.Evaluation;

/// <summary>
/// What <see cref="EvaluationRunner"/> (the engine of <c>compliant eval</c>) costs per case beside running the same cases
/// through the bare pipeline, in one run: for a PII dataset, <see cref="IPiiDetector.Detect"/> over the texts vs the runner
/// over a dataset of the same texts with gold spans; for a grounded-QA dataset, the composed pipeline
/// (<c>UseCompliance()</c> with PII redaction and grounding over in-memory BM25 and the offline extractive model) asked
/// the questions directly vs the runner over the same questions through the same services, and the runner again with
/// the response cache replaying stored answers in place of the model.
/// </summary>
/// <remarks>
/// <para>The runner gets the already-built services (wrapped so it does not dispose them), so the rows measure the
/// per-case work of the runner (reading the dataset, scoring, redacting failing cases for display, aggregating metrics
/// and gates), not building the container or ingesting the corpus, which <c>compliant eval</c> does once per dataset.
/// Per-case overhead = (runner row − bare row) / <see cref="PiiCases"/> or <see cref="QaCases"/>.</para>
/// <para>The per-dataset set-up rows add what those rows leave out, with <c>compliant eval</c>'s own pipeline
/// (<see cref="EvalPipeline"/>: the production composition with auditing, structured output, prompt versions and the
/// injection detector, over an empty configuration): building it alone (container, and for grounded QA loading the
/// passages from a BEIR <c>corpus.jsonl</c> into the index), then the runner given a freshly built pipeline per
/// dataset, as <c>compliant eval</c> runs, beside the runner given that pipeline built once. Set-up per dataset =
/// (fresh row − built-once row); it includes the first use of each new container's stages (a detector's recognizers,
/// the extractive model's caches).</para>
/// <para>The texts, passages and questions are synthetic, authored here. Set-up checks that every runner row really
/// ran every case (case count, no errors, non-zero metrics, cache hits) so a row cannot silently measure nothing.</para>
/// <para>The <c>CPU/op</c> column (<see cref="CpuTimeColumn"/>) is the process CPU time per operation: on a machine
/// shared with other builds it is steadier than the wall-clock mean. Cases run one at a time (the runner's default).</para>
/// <para>Run: <c>--filter '*EvaluationOverheadBenchmarks*' --inProcess --job short --memory</c>.</para>
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(Config))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class EvaluationOverheadBenchmarks
{
    /// <summary>The number of PII cases.</summary>
    public const int PiiCases = 60;

    /// <summary>The number of grounded-QA cases.</summary>
    public const int QaCases = 24;

    private static readonly CallerContext Caller = new("bench-user", [PrincipalNames.Everyone]);

    private static readonly (string Id, string Title, string Text)[] Passages =
    [
        ("retention", "Log retention", "Audit logs of the billing platform are kept for seven years from the date they are written. Network device logs are kept for 18 months. Debug logs must not contain customer data and are deleted after 21 days. A legal hold suspends deletion until the legal team lifts it."),
        ("passwords", "Passwords", "Staff passwords must be at least 16 characters long. A passphrase of several unrelated words is recommended. New passwords are compared with a list of leaked passwords and refused when they appear on it. Service account secrets must be at least 40 characters long and are rotated every 90 days."),
        ("keys", "Key management", "Encryption keys live in the hardware security modules of the key service. Data keys are rotated every 6 months and wrapping keys every 18 months. Recovering a master key needs 4 of 7 named custodians; no single person holds a whole copy."),
        ("leavers", "Leavers", "People Operations reports every departure to the identity team through the HR system. The accounts of a departing employee are switched off within 2 hours of the leaving time, at once when the departure is not voluntary. After a move between teams, the old team's access is withdrawn within 5 working days."),
        ("travel", "Travel", "Business trips above 800 euros need the approval of a director before booking. Rail is preferred for journeys shorter than 5 hours. Hotel nights are reimbursed up to 180 euros in capital cities and 120 euros elsewhere."),
        ("backups", "Backups", "Production databases are backed up every 4 hours and the copies are kept for 35 days. A restore test of one randomly chosen database runs every month, and its result is filed with the operations review. Backup copies are encrypted and stored in a second region."),
    ];

    private static readonly (string Question, string Gold, string Fact)[] Answerable =
    [
        ("How long are audit logs of the billing platform kept?", "retention", "seven years"),
        ("When are debug logs deleted?", "retention", "21 days"),
        ("How long must staff passwords be?", "passwords", "16 characters"),
        ("How often are service account secrets rotated?", "passwords", "90 days"),
        ("How often are data keys rotated?", "keys", "6 months"),
        ("How many custodians are needed to recover a master key?", "keys", "4 of 7"),
        ("How quickly are the accounts of a departing employee switched off?", "leavers", "2 hours"),
        ("When is access withdrawn after a move between teams?", "leavers", "5 working days"),
        ("Which business trips need the approval of a director?", "travel", "800 euros"),
        ("Up to what amount are hotel nights reimbursed in capital cities?", "travel", "180 euros"),
        ("How often are production databases backed up?", "backups", "4 hours"),
        ("How long are backup copies kept?", "backups", "35 days"),
    ];

    private static readonly string[] Unanswerable =
    [
        "What is the dress code for the annual summer party?",
        "Which football club does the company sponsor?",
        "How many parking spaces does the Lisbon office have?",
        "What flavour of cake is served at retirement lunches?",
    ];

    private static readonly string[] FirstNames = ["Maren", "Tobias", "Ilse", "Quentin", "Noor", "Bastian", "Yara", "Ottilie", "Rafferty", "Selma"];
    private static readonly string[] Domains = ["example.com", "example.org", "example.net"];

    private string _directory = null!;
    private string[] _texts = null!;
    private string[] _questions = null!;
    private ServiceProvider _piiServices = null!;
    private ServiceProvider _qaServices = null!;
    private ServiceProvider _replayServices = null!;
    private IPiiDetector _detector = null!;
    private IChatClient _chat = null!;
    private EvaluationRunner _piiRunner = null!;
    private EvaluationRunner _qaRunner = null!;
    private EvaluationRunner _replayRunner = null!;
    private EvaluationSuite _piiSuite = null!;
    private EvaluationSuite _qaSuite = null!;
    private EvaluationResponseCacheChatClient? _cache;
    private EvaluationSuite _qaCorpusSuite = null!;
    private EvalPipeline _cliPipeline = null!;
    private ServiceProvider _cliQaServices = null!;
    private EvaluationRunner _cliPiiFreshRunner = null!;
    private EvaluationRunner _cliQaSharedRunner = null!;
    private EvaluationRunner _cliQaFreshRunner = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _piiServices.Dispose();
        _qaServices.Dispose();
        _replayServices.Dispose();
        _cliQaServices.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "PII: bare IPiiDetector.Detect")]
    [BenchmarkCategory("Pii")]
    public int PiiBare()
    {
        TimeSpan started = CpuTimeMeter.Now;
        int found = 0;
        foreach (string text in _texts)
        {
            found += _detector.Detect(text).Count;
        }

        CpuTimeMeter.Add(nameof(PiiBare), started);
        return found;
    }

    [Benchmark(Description = "PII: EvaluationRunner.RunAsync")]
    [BenchmarkCategory("Pii")]
    public Task<EvaluationReport> PiiRunner() => Measured(nameof(PiiRunner), _piiRunner, _piiSuite);

    [Benchmark(Description = "Grounded QA: bare pipeline, awaited on the benchmark thread")]
    [BenchmarkCategory("GroundedQa")]
    public async Task<int> QaBare()
    {
        TimeSpan started = CpuTimeMeter.Now;
        int answered = 0;
        foreach (string question in _questions)
        {
            ChatResponse response = await _chat.GetResponseAsync(question, new ChatOptions().WithCaller(Caller));
            answered += response.GetGroundingResult()!.Refused ? 0 : 1;
        }

        CpuTimeMeter.Add(nameof(QaBare), started);
        return answered;
    }

    /// <summary>
    /// The baseline of the grounded rows: the runner runs its cases on thread-pool threads (Parallel.ForEachAsync), so the
    /// bare loop does too. Blocking BenchmarkDotNet's thread on the loop (<see cref="QaBare"/>) costs several times more
    /// CPU on this pipeline, which is the harness, not the pipeline.
    /// </summary>
    [Benchmark(Baseline = true, Description = "Grounded QA: bare pipeline, on the thread pool")]
    [BenchmarkCategory("GroundedQa")]
    public Task<int> QaBarePool() => Task.Run(async () =>
    {
        TimeSpan started = CpuTimeMeter.Now;
        int answered = 0;
        foreach (string question in _questions)
        {
            ChatResponse response = await _chat.GetResponseAsync(question, new ChatOptions().WithCaller(Caller)).ConfigureAwait(false);
            answered += response.GetGroundingResult()!.Refused ? 0 : 1;
        }

        CpuTimeMeter.Add(nameof(QaBarePool), started);
        return answered;
    });

    [Benchmark(Description = "Grounded QA: EvaluationRunner.RunAsync")]
    [BenchmarkCategory("GroundedQa")]
    public Task<EvaluationReport> QaRunner() => Measured(nameof(QaRunner), _qaRunner, _qaSuite);

    [Benchmark(Description = "Grounded QA: runner, cached replay")]
    [BenchmarkCategory("GroundedQa")]
    public Task<EvaluationReport> QaRunnerCachedReplay() => Measured(nameof(QaRunnerCachedReplay), _replayRunner, _qaSuite);

    [Benchmark(Description = "PII: set-up alone, EvalPipeline.CreateAsync + dispose")]
    [BenchmarkCategory("Pii")]
    public Task PiiSetup() => MeasuredSetup(nameof(PiiSetup), _piiSuite.Datasets[0]);

    [Benchmark(Description = "PII: runner, EvalPipeline built for the dataset (as compliant eval)")]
    [BenchmarkCategory("Pii")]
    public Task<EvaluationReport> PiiRunnerFreshPipeline() => Measured(nameof(PiiRunnerFreshPipeline), _cliPiiFreshRunner, _piiSuite);

    [Benchmark(Description = "Grounded QA: set-up alone, EvalPipeline.CreateAsync (6-passage corpus) + dispose")]
    [BenchmarkCategory("GroundedQa")]
    public Task QaSetup() => MeasuredSetup(nameof(QaSetup), _qaCorpusSuite.Datasets[0]);

    [Benchmark(Description = "Grounded QA: runner, EvalPipeline built once")]
    [BenchmarkCategory("GroundedQa")]
    public Task<EvaluationReport> QaRunnerCliPipelineShared() => Measured(nameof(QaRunnerCliPipelineShared), _cliQaSharedRunner, _qaCorpusSuite);

    [Benchmark(Description = "Grounded QA: runner, EvalPipeline built for the dataset (as compliant eval)")]
    [BenchmarkCategory("GroundedQa")]
    public Task<EvaluationReport> QaRunnerFreshPipeline() => Measured(nameof(QaRunnerFreshPipeline), _cliQaFreshRunner, _qaCorpusSuite);

    private async Task MeasuredSetup(string method, EvaluationDatasetSpec spec)
    {
        TimeSpan started = CpuTimeMeter.Now;
        IServiceProvider services = await _cliPipeline.CreateAsync(spec, CancellationToken.None);
        await ((IAsyncDisposable)services).DisposeAsync();
        CpuTimeMeter.Add(method, started);
    }

    private static async Task<EvaluationReport> Measured(string method, EvaluationRunner runner, EvaluationSuite suite)
    {
        TimeSpan started = CpuTimeMeter.Now;
        EvaluationReport report = await runner.RunAsync(suite);
        CpuTimeMeter.Add(method, started);
        return report;
    }

    private async Task SetupAsync()
    {
        CpuTimeMeter.Recording = false;
        _directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "compliant-evalbench-" + Guid.NewGuid().ToString("N"))).FullName;

        // PII: synthetic texts with gold spans computed from where each value was placed.
        var rows = new StringBuilder();
        _texts = new string[PiiCases];
        for (int i = 0; i < PiiCases; i++)
        {
            (string text, List<(string Type, int Start, int End)> spans) = PiiText(i);
            _texts[i] = text;
            rows.AppendLine(JsonSerializer.Serialize(new
            {
                id = "pii-" + i.ToString(CultureInfo.InvariantCulture),
                text,
                spans = spans.Select(s => new { entity_type = s.Type, start = s.Start, end = s.End }),
            }));
        }

        string piiPath = Path.Combine(_directory, "pii.jsonl");
        await File.WriteAllTextAsync(piiPath, rows.ToString());
        var pii = new ServiceCollection();
        pii.AddLogging();
        pii.AddCompliantAI().AddPiiDetection();
        _piiServices = pii.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        _detector = _piiServices.GetRequiredService<IPiiDetector>();
        _piiSuite = new EvaluationSuite { Name = "bench-pii", Datasets = [new EvaluationDatasetSpec { Name = "pii", Kind = EvaluationDatasetKind.Pii, Path = piiPath }] };
        _piiRunner = new EvaluationRunner((_, _) => ValueTask.FromResult<IServiceProvider>(new SharedServices(_piiServices)));

        // Grounded QA: the same questions asked directly and through the runner.
        var questions = new List<string>();
        rows.Clear();
        for (int i = 0; i < QaCases; i++)
        {
            bool answerable = i % 6 != 5;
            string id = "qa-" + i.ToString(CultureInfo.InvariantCulture);
            if (answerable)
            {
                (string q, string gold, string fact) = Answerable[(i - (i / 6)) % Answerable.Length];
                questions.Add(q);
                rows.AppendLine(JsonSerializer.Serialize(new { id, question = q, answerable = true, gold = new[] { gold }, facts = new[] { fact } }));
            }
            else
            {
                string q = Unanswerable[(i / 6) % Unanswerable.Length];
                questions.Add(q);
                rows.AppendLine(JsonSerializer.Serialize(new { id, question = q, answerable = false }));
            }
        }

        _questions = [.. questions];
        string qaPath = Path.Combine(_directory, "qa.jsonl");
        await File.WriteAllTextAsync(qaPath, rows.ToString());
        _qaSuite = new EvaluationSuite { Name = "bench-qa", Datasets = [new EvaluationDatasetSpec { Name = "qa", Kind = EvaluationDatasetKind.GroundedQa, Path = qaPath }] };
        _qaServices = await BuildPipelineAsync(cacheDirectory: null);
        _chat = _qaServices.GetRequiredService<IChatClient>();
        _qaRunner = new EvaluationRunner((_, _) => ValueTask.FromResult<IServiceProvider>(new SharedServices(_qaServices)));
        _replayServices = await BuildPipelineAsync(Path.Combine(_directory, "cache"));
        _replayRunner = new EvaluationRunner((_, _) => ValueTask.FromResult<IServiceProvider>(new SharedServices(_replayServices)));

        // compliant eval's own pipeline: the same questions with the passages as a BEIR corpus.jsonl the pipeline loads.
        rows.Clear();
        foreach ((string id, string title, string text) in Passages)
        {
            rows.AppendLine(JsonSerializer.Serialize(new Dictionary<string, string> { ["_id"] = id, ["title"] = title, ["text"] = text }));
        }

        string corpusPath = Path.Combine(_directory, "corpus.jsonl");
        await File.WriteAllTextAsync(corpusPath, rows.ToString());
        _qaCorpusSuite = new EvaluationSuite { Name = "bench-qa-corpus", Datasets = [new EvaluationDatasetSpec { Name = "qa", Kind = EvaluationDatasetKind.GroundedQa, Path = qaPath, Corpus = corpusPath }] };
        _cliPipeline = new EvalPipeline(new ConfigurationBuilder().Build(), cacheDirectory: null, refresh: false);
        _cliQaServices = (ServiceProvider)await _cliPipeline.CreateAsync(_qaCorpusSuite.Datasets[0], CancellationToken.None);
        _cliQaSharedRunner = new EvaluationRunner((_, _) => ValueTask.FromResult<IServiceProvider>(new SharedServices(_cliQaServices)));
        _cliQaFreshRunner = new EvaluationRunner(_cliPipeline.CreateAsync);
        _cliPiiFreshRunner = new EvaluationRunner(_cliPipeline.CreateAsync);

        // Warm up and check that every row does real work.
        int found = PiiBare();
        Check(found > 0, "the detector found nothing in the PII texts");
        int bareAnswered = await QaBare();
        Check(bareAnswered > 0, "the bare pipeline answered no question");
        Check(await QaBarePool() == bareAnswered, "the two bare rows answered differently");
        CheckReport(await PiiRunner(), PiiCases, "recall");
        CheckReport(await QaRunner(), QaCases, "answerRate");
        CheckReport(await QaRunnerCachedReplay(), QaCases, "answerRate"); // fills the cache
        int misses = _cache!.Misses;
        Check(misses > 0, "the cache saw no request");
        CheckReport(await QaRunnerCachedReplay(), QaCases, "answerRate");
        Check(_cache.Misses == misses && _cache.Hits >= misses, "the second run was not answered from the cache");
        EvaluationReport freshPii = await PiiRunnerFreshPipeline();
        CheckReport(freshPii, PiiCases, "recall");
        Check(freshPii.Datasets[0].SetupDuration > TimeSpan.Zero, "the fresh PII row built no pipeline");
        EvaluationReport shared = await QaRunnerCliPipelineShared();
        CheckReport(shared, QaCases, "answerRate");
        EvaluationReport fresh = await QaRunnerFreshPipeline();
        CheckReport(fresh, QaCases, "answerRate");
        Check(fresh.Datasets[0].SetupDuration > TimeSpan.Zero, "the fresh grounded row built no pipeline");
        Check(Metric(fresh, "answerRate") == Metric(shared, "answerRate") && Metric(fresh, "citationPrecision") == Metric(shared, "citationPrecision"), "a fresh pipeline answered differently from the one built once");
        await PiiSetup();
        await QaSetup();
        CpuTimeMeter.Recording = true;
    }

    private async Task<ServiceProvider> BuildPipelineAsync(string? cacheDirectory)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCompliantAI()
            .AddPiiDetection()
            .AddPiiRedaction()
            .AddGrounding()
            .AddInMemoryRetrieval();
        services.AddChatClient(_ => new ExtractiveChatClient())
            .UseCompliance(inner =>
            {
                if (cacheDirectory is not null)
                {
                    // Innermost, next to the model, as compliant eval places it.
                    inner.Use(provider => _cache = new EvaluationResponseCacheChatClient(provider, cacheDirectory, refresh: false, salt: ExtractiveChatClient.ProviderName + "/" + ExtractiveChatClient.ModelId));
                }
            });
        ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        SourceDocument[] documents = [.. Passages.Select(p => new SourceDocument(p.Id, p.Text) { Title = p.Title, AllowedPrincipals = [PrincipalNames.Everyone] })];
        IngestionResult result = await provider.GetRequiredService<DocumentIngestor>().IngestAsync(documents);
        result.ThrowIfFailed();
        return provider;
    }

    private static (string Text, List<(string Type, int Start, int End)> Spans) PiiText(int i)
    {
        string name = FirstNames[i % FirstNames.Length];
        string email = name.ToLowerInvariant() + "." + (1000 + (i * 37)).ToString(CultureInfo.InvariantCulture) + "@" + Domains[i % Domains.Length];
        string phone = "+1 212 555 " + (100 + (i * 13 % 900)).ToString("0000", CultureInfo.InvariantCulture);
        string ip = "10." + (i % 250).ToString(CultureInfo.InvariantCulture) + "." + ((i * 7) % 250).ToString(CultureInfo.InvariantCulture) + ".12";
        var text = new StringBuilder();
        var spans = new List<(string, int, int)>();
        void Add(string type, string value)
        {
            spans.Add((type, text.Length, text.Length + value.Length));
            text.Append(value);
        }

        text.Append("Ticket ").Append(i.ToString(CultureInfo.InvariantCulture)).Append(": the customer asked us to write to ");
        Add(PiiEntityTypes.EmailAddress, email);
        text.Append(" about the failed renewal, or to ring ");
        Add(PiiEntityTypes.PhoneNumber, phone);
        text.Append(" before noon. The sign-in attempts came from ");
        Add(PiiEntityTypes.IpAddress, ip);
        text.Append(" and were blocked after three tries; the account stays locked until support confirms the request.");
        return (text.ToString(), spans);
    }

    private static void CheckReport(EvaluationReport report, int cases, string metric)
    {
        EvaluationDatasetResult d = report.Datasets.Single();
        Check(!report.Incomplete && d.TotalCases == cases && d.Cases.Count == cases, "the runner did not run every case");
        Check(d.Cases.All(c => c.Error is null) && d.Status is EvaluationDatasetStatus.Passed or EvaluationDatasetStatus.Failed, "a case failed: " + d.Status + " " + d.Message);
        Check(d.Metrics.Any(m => m.Name == metric && m.Slice is null && m.Value > 0), "the metric " + metric + " is zero or missing");
    }

    private static double Metric(EvaluationReport report, string name) =>
        report.Datasets[0].Metrics.Single(m => m.Name == name && m.Slice is null).Value;

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("EvaluationOverheadBenchmarks set-up: " + message);
        }
    }

    /// <summary>Adds the CPU-time column.</summary>
    public sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new CpuTimeColumn());
    }

    /// <summary>Hands the runner the benchmark's services without letting it dispose them after the dataset.</summary>
    private sealed class SharedServices(IServiceProvider inner) : IServiceProvider
    {
        public object? GetService(Type serviceType) => inner.GetService(serviceType);
    }
}
