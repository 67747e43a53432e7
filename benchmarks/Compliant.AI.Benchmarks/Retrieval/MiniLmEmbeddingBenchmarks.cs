using BenchmarkDotNet.Attributes;
using Compliant.AI;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Benchmarks.Retrieval;

/// <summary>
/// The cost of the offline MiniLM embedding generator (all-MiniLM-L6-v2 through ONNX Runtime, model loaded and warmed
/// in the setup): one policy-sized sentence (a question) and a batch of 32 sentences (an ingest batch), beside a BM25
/// query over 5k synthetic chunks measured in the same run, which is what a query costs without embeddings; and the same
/// with <see cref="MiniLmModel.ArcticEmbedXs"/> (snowflake-arctic-embed-xs), whose question carries its query instruction.
/// </summary>
/// <remarks>The setup prints the one-off model loads and first inferences (<c>// MiniLM load</c> and <c>// arctic-embed-xs load</c> lines in the log).</remarks>
[Config(typeof(RetrievalBenchmarkConfig))]
public class MiniLmEmbeddingBenchmarks
{
    private static readonly string[] Sentences =
    [
        "How long must audit logs be retained?",
        "Audit logs are retained for six years from the date of creation or the date when they were last in effect.",
        "Access to production systems requires multi-factor authentication and a ticket approved by the system owner.",
        "Workforce members must complete security awareness training within thirty days of hire and annually after that.",
        "A breach affecting five hundred or more residents of a state is reported to prominent media outlets.",
        "Passwords are at least fourteen characters long and are never reused across systems.",
        "Vendors that process protected health information sign a business associate agreement before any data is shared.",
        "Backups are encrypted at rest and tested by a restore exercise every quarter.",
    ];

    private MiniLmEmbeddingGenerator _generator = null!;
    private MiniLmEmbeddingGenerator _arctic = null!;
    private string[] _arcticQuestion = null!;
    private InMemoryBm25Index _index = null!;
    private RetrievalRequest[] _queries = null!;
    private string[] _batch = null!;
    private string[] _single = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        _generator = new MiniLmEmbeddingGenerator();
        _generator.WarmUpAsync().GetAwaiter().GetResult();
        Console.WriteLine($"// MiniLM load and first inference: {started.Elapsed.TotalMilliseconds:F0} ms");
        started.Restart();
        _arctic = new MiniLmEmbeddingGenerator(new MiniLmEmbeddingGeneratorOptions { Model = MiniLmModel.ArcticEmbedXs });
        _arctic.WarmUpAsync().GetAwaiter().GetResult();
        Console.WriteLine($"// arctic-embed-xs load and first inference: {started.Elapsed.TotalMilliseconds:F0} ms");

        _single = [Sentences[0]];
        _arcticQuestion = ["Represent this sentence for searching relevant passages: " + Sentences[0]];
        _batch = Enumerable.Range(0, 32).Select(i => Sentences[i % Sentences.Length] + (i >= Sentences.Length ? $" (clause {i})" : string.Empty)).ToArray();

        string[] vocabulary = SyntheticCorpus.Vocabulary(50_000);
        var random = new Random(42);
        _index = new InMemoryBm25Index();
        for (int i = 0; i < 5_000; i++)
        {
            _index.ReplaceDocumentAsync($"doc{i}", [SyntheticCorpus.Chunk(i, SyntheticCorpus.Text(random, vocabulary, 120), SyntheticCorpus.Acl(i))]).GetAwaiter().GetResult();
        }

        _queries = Enumerable.Range(0, 64).Select(_ => new RetrievalRequest(SyntheticCorpus.Text(random, vocabulary, 8), CallerContext.Anonymous) { TopK = 10 }).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _generator.Dispose();
        _arctic.Dispose();
        _index.Dispose();
    }

    /// <summary>The baseline: one BM25 query, anonymous caller, 5k chunks.</summary>
    [Benchmark(Baseline = true)]
    public Task<RetrievalResult> Bm25Query5kChunks() => _index.RetrieveAsync(_queries[_next++ & 63]);

    /// <summary>One sentence (what a hybrid query adds to BM25).</summary>
    [Benchmark]
    public Task<GeneratedEmbeddings<Embedding<float>>> MiniLmOneSentence() => _generator.GenerateAsync(_single);

    /// <summary>A batch of 32 sentences (the generator's default batch size; what ingestion sends).</summary>
    [Benchmark]
    public Task<GeneratedEmbeddings<Embedding<float>>> MiniLmBatchOf32() => _generator.GenerateAsync(_batch);

    /// <summary>One question with arctic-embed-xs, its query instruction in front (what a hybrid query adds with that model).</summary>
    [Benchmark]
    public Task<GeneratedEmbeddings<Embedding<float>>> ArcticXsOneQuestion() => _arctic.GenerateAsync(_arcticQuestion);

    /// <summary>A batch of 32 sentences with arctic-embed-xs.</summary>
    [Benchmark]
    public Task<GeneratedEmbeddings<Embedding<float>>> ArcticXsBatchOf32() => _arctic.GenerateAsync(_batch);
}
