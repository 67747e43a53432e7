using BenchmarkDotNet.Attributes;
using Compliant.AI;

namespace Compliant.AI.Benchmarks.Retrieval;

/// <summary>
/// The cost of <see cref="HybridRetrieverOptions.JoinCutSentences"/>: a hybrid retriever over one BM25 index of 2,000
/// documents of 8 chunks each (16k chunks, ~120 words each), top 4, with the join off (the baseline) and on. Every chunk
/// after a document's first opens with a lower-case word, so with the join on every such passage is joined: the worst case.
/// </summary>
[Config(typeof(RetrievalBenchmarkConfig))]
public class JoinCutSentencesBenchmarks
{
    private const int Documents = 2_000;
    private const int ChunksPerDocument = 8;
    private InMemoryBm25Index _index = null!;
    private HybridRetriever _retriever = null!;
    private RetrievalRequest[] _queries = null!;
    private int _next;

    [Params(false, true)]
    public bool Join { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string[] vocabulary = SyntheticCorpus.Vocabulary(50_000);
        var random = new Random(42);
        _index = new InMemoryBm25Index(new Bm25Options { MinimumTermCoverage = 0 });
        for (int d = 0; d < Documents; d++)
        {
            var chunks = new DocumentChunk[ChunksPerDocument];
            int start = 0;
            for (int c = 0; c < ChunksPerDocument; c++)
            {
                string text = SyntheticCorpus.Text(random, vocabulary, 120);
                chunks[c] = new DocumentChunk
                {
                    Id = $"doc{d}#{c}",
                    DocumentId = $"doc{d}",
                    Ordinal = c,
                    ContentHash = "0000000000000000",
                    DocumentHash = "h",
                    Text = text,
                    Start = start,
                    End = start + text.Length,
                    AllowedPrincipals = [PrincipalNames.Everyone],
                };
                start += text.Length + 1;
            }

            _index.ReplaceDocumentAsync($"doc{d}", chunks).GetAwaiter().GetResult();
        }

        _retriever = new HybridRetriever([_index], new HybridRetrieverOptions { JoinCutSentences = Join });
        _queries = Enumerable.Range(0, 64)
            .Select(i => new RetrievalRequest(string.Join(' ', vocabulary[(i * 37) % 400], vocabulary[(i * 53 + 11) % 2_000], vocabulary[(i * 71 + 5) % 8_000]), CallerContext.Anonymous) { TopK = 4 })
            .ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _index.Dispose();

    [Benchmark]
    public Task<RetrievalResult> Retrieve() => _retriever.RetrieveAsync(_queries[_next++ & 63]);
}
