using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using TicketTriage.Classifier;
using TicketTriage.Training;

namespace Compliant.AI.Benchmarks.TicketTriage;

/// <summary>
/// The TicketTriage sample's per-ticket model path, in process on its shipped weights: 64 tickets classified
/// concurrently (as the <c>classify</c> command keeps 64 in flight) by the local classifier with its cascade (lexical
/// head first, MiniLM only for unsure tickets), as the baseline in the same run with MiniLM for every ticket, and the
/// lexical stage alone (what a ticket the cascade does not embed costs). One operation is one ticket. The tickets are the first 640 of the Banking77 validation split when
/// <c>../shared/data/banking77</c> is present, otherwise a short built-in list (the setup prints which, and the
/// share of tickets the cascade embedded).
/// </summary>
[MemoryDiagnoser]
public class TicketTriageModelBenchmarks
{
    private const int InFlight = 64;

    private static readonly string[] BuiltIn =
    [
        "I lost my card yesterday, please block it",
        "How do I top up with a bank transfer?",
        "Why was I charged twice for the same coffee?",
        "What is the exchange rate for euros?",
        "I forgot my passcode and cannot log in",
        "Can I get a virtual card?",
        "My transfer has been pending for three days",
        "The ATM swallowed my card",
        "it does not work",
        "something is wrong with my money thing",
    ];

    private MiniLmEmbeddingGenerator _embedder = null!;
    private TicketClassifier _cascade = null!;
    private TicketClassifier _always = null!;
    private TicketClassifier _lexicalOnly = null!;
    private string[] _tickets = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        string? data = Banking77Data.FindDataDirectory(AppContext.BaseDirectory);
        _tickets = data is null
            ? BuiltIn
            : Banking77Data.Split(Banking77Data.ReadTrain(data)).Validation.Take(640).Select(t => t.Text).ToArray();
        Console.WriteLine($"// tickets: {(data is null ? "built-in list (banking77 not found)" : "Banking77 validation split")}, {_tickets.Length}");

        _embedder = new MiniLmEmbeddingGenerator(new MiniLmEmbeddingGeneratorOptions { BatchSize = TicketClassifier.MaxBatch, IntraOpThreads = 1 });
        _embedder.WarmUpAsync().GetAwaiter().GetResult();
        LinearHead head = TicketClassifier.LoadEmbeddedHead();
        _cascade = new TicketClassifier(head, _embedder, TicketClassifier.LoadEmbeddedLexicalHead(), new global::TicketTriage.TriageSettings().CascadeThreshold);
        _always = new TicketClassifier(head, _embedder, lexical: null);
        _lexicalOnly = new TicketClassifier(head, _embedder, TicketClassifier.LoadEmbeddedLexicalHead(), cascadeThreshold: 0);

        // One pass over every ticket, to report the share the cascade embeds.
        Task.WhenAll(_tickets.Select(t => _cascade.ClassifyAsync(t, allowed: null, CancellationToken.None))).GetAwaiter().GetResult();
        Console.WriteLine($"// cascade embedded {_cascade.EmbeddedAnswers} of {_cascade.EmbeddedAnswers + _cascade.LexicalAnswers} tickets");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cascade.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _always.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _lexicalOnly.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _embedder.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = InFlight, Description = "MiniLM for every ticket, per ticket")]
    public Task EmbeddingAlways() => Run(_always);

    [Benchmark(OperationsPerInvoke = InFlight, Description = "cascade (lexical first), per ticket")]
    public Task Cascade() => Run(_cascade);

    [Benchmark(OperationsPerInvoke = InFlight, Description = "lexical head alone (threshold 0), per ticket")]
    public Task LexicalOnly() => Run(_lexicalOnly);

    private Task<TicketScore[]> Run(TicketClassifier classifier)
    {
        var batch = new Task<TicketScore>[InFlight];
        for (int i = 0; i < InFlight; i++)
        {
            batch[i] = classifier.ClassifyAsync(_tickets[_next++ % _tickets.Length], allowed: null, CancellationToken.None);
        }

        return Task.WhenAll(batch);
    }
}
