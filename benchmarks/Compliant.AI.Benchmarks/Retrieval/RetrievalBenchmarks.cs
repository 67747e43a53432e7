using BenchmarkDotNet.Attributes;
using Compliant.AI;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Benchmarks.Retrieval;

/// <summary>Synthetic corpora with a Zipf-like vocabulary, so postings lengths look like natural text.</summary>
internal static class SyntheticCorpus
{
    public static string[] Vocabulary(int size)
    {
        var random = new Random(7);
        var words = new string[size];
        const string letters = "abcdefghijklmnopqrstuvwxyz";
        for (int i = 0; i < size; i++)
        {
            int length = 3 + random.Next(8);
            words[i] = string.Create(length, random, static (span, r) =>
            {
                for (int c = 0; c < span.Length; c++)
                {
                    span[c] = letters[r.Next(letters.Length)];
                }
            });
        }

        return words;
    }

    public static string Text(Random random, string[] vocabulary, int words)
    {
        var parts = new string[words];
        for (int i = 0; i < words; i++)
        {
            // Zipf-ish: square of a uniform draw favours the head of the vocabulary.
            double u = random.NextDouble();
            parts[i] = vocabulary[(int)(u * u * u * vocabulary.Length)];
        }

        return string.Join(' ', parts) + ".";
    }

    public static DocumentChunk Chunk(int i, string text, string[] acl) => new()
    {
        Id = $"doc{i}#0",
        DocumentId = $"doc{i}",
        Ordinal = 0,
        ContentHash = "0000000000000000",
        DocumentHash = "h",
        Text = text,
        Start = 0,
        End = text.Length,
        AllowedPrincipals = acl,
    };

    public static string[] Acl(int i) => i % 10 == 0 ? [PrincipalNames.Group("team-" + (i % 500))] : [PrincipalNames.Everyone];
}

/// <summary>BM25 query latency at 5k and 100k chunks (~120 words each), anonymous vs a caller with 300 groups.</summary>
[MemoryDiagnoser]
public class Bm25QueryBenchmarks
{
    private InMemoryBm25Index _index = null!;
    private RetrievalRequest[] _queries = null!;
    private RetrievalRequest[] _queriesManyGroups = null!;
    private int _next;

    [Params(5_000, 100_000)]
    public int Chunks { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string[] vocabulary = SyntheticCorpus.Vocabulary(50_000);
        var random = new Random(42);
        _index = new InMemoryBm25Index();
        for (int i = 0; i < Chunks; i++)
        {
            string text = SyntheticCorpus.Text(random, vocabulary, 120);
            _index.ReplaceDocumentAsync($"doc{i}", [SyntheticCorpus.Chunk(i, text, SyntheticCorpus.Acl(i))]).GetAwaiter().GetResult();
        }

        var caller = new CallerContext("u", Enumerable.Range(0, 300).Select(g => "team-" + g));
        _queries = Enumerable.Range(0, 64).Select(_ => new RetrievalRequest(SyntheticCorpus.Text(random, vocabulary, 8), CallerContext.Anonymous) { TopK = 10 }).ToArray();
        _queriesManyGroups = _queries.Select(q => new RetrievalRequest(q.Query, caller) { TopK = 10 }).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _index.Dispose();

    [Benchmark(Baseline = true)]
    public Task<RetrievalResult> QueryAnonymous() => _index.RetrieveAsync(_queries[_next++ & 63]);

    [Benchmark]
    public Task<RetrievalResult> QueryCallerWith300Groups() => _index.RetrieveAsync(_queriesManyGroups[_next++ & 63]);
}

/// <summary>Exact cosine search at 100k × 384, against a plain scalar dot-product loop as the baseline.</summary>
[MemoryDiagnoser]
public class CosineSearchBenchmarks
{
    private const int Dimensions = 384;
    private InMemoryVectorStore _store = null!;
    private float[] _flat = null!;
    private float[] _query = null!;
    private ChunkSearchFilter _filter = null!;

    [Params(100_000)]
    public int Vectors { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        _store = new InMemoryVectorStore();
        _flat = new float[Vectors * Dimensions];
        for (int i = 0; i < Vectors; i++)
        {
            var v = new float[Dimensions];
            for (int d = 0; d < Dimensions; d++)
            {
                v[d] = (float)(random.NextDouble() - 0.5);
            }

            v.CopyTo(_flat, i * Dimensions);
            _store.ReplaceDocumentAsync($"doc{i}", [new EmbeddedChunk(SyntheticCorpus.Chunk(i, "x", SyntheticCorpus.Acl(i)), v)]).GetAwaiter().GetResult();
        }

        _query = Enumerable.Range(0, Dimensions).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        _filter = ChunkSearchFilter.ForCaller(new CallerContext("u", Enumerable.Range(0, 300).Select(g => "team-" + g)));
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    [Benchmark(Baseline = true)]
    public int ScalarLoopNoFilter()
    {
        int best = -1;
        float bestScore = float.NegativeInfinity;
        for (int i = 0; i < Vectors; i++)
        {
            float dot = 0;
            int offset = i * Dimensions;
            for (int d = 0; d < Dimensions; d++)
            {
                dot += _flat[offset + d] * _query[d];
            }

            if (dot > bestScore)
            {
                bestScore = dot;
                best = i;
            }
        }

        return best;
    }

    [Benchmark]
    public Task<ChunkSearchResult> StoreSearchTop10With300Groups() => _store.SearchAsync(_query, _filter, 10);
}

/// <summary>Ingestion throughput: load → chunk (cl100k) → hash → BM25 (and hashing embeddings + vector store).</summary>
[MemoryDiagnoser]
public class IngestionBenchmarks
{
    private List<SourceDocument> _documents = null!;

    [GlobalSetup]
    public void Setup()
    {
        string[] vocabulary = SyntheticCorpus.Vocabulary(20_000);
        var random = new Random(5);
        _documents = Enumerable.Range(0, 1000)
            .Select(i => new SourceDocument($"d{i}", "# Policy\n" + string.Join(" ", Enumerable.Range(0, 12).Select(_ => SyntheticCorpus.Text(random, vocabulary, 18)))) { Format = DocumentFormat.Markdown, AllowedPrincipals = ["*"] })
            .ToList();
        _ = new DocumentIngestor([new InMemoryBm25Index()]).Chunk(_documents[0]); // load the tokenizer once
    }

    [Benchmark(Baseline = true)]
    public async Task<int> Bm25Only1000Documents()
    {
        using var index = new InMemoryBm25Index();
        IngestionResult r = await new DocumentIngestor([index]).IngestAsync(_documents);
        return r.ChunksWritten;
    }

    [Benchmark]
    public async Task<int> Bm25AndHashingVectors1000Documents()
    {
        using var index = new InMemoryBm25Index();
        using var store = new InMemoryVectorStore();
        using IEmbeddingGenerator<string, Embedding<float>> generator = new HashingEmbeddingGenerator();
        IngestionResult r = await new DocumentIngestor([index, new VectorChunkIndex(store, generator)]).IngestAsync(_documents);
        return r.ChunksWritten;
    }
}
