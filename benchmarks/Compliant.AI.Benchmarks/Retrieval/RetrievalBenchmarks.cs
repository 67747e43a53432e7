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

/// <summary>
/// BM25 query latency at 5k (SciFact-sized) and 100k chunks (~120 words each): anonymous caller and a caller with 300
/// groups, against a naive linear-scan BM25 (same formula and ACL check, every chunk scored) as the baseline.
/// </summary>
/// <remarks>The setup prints the memory the index retains per chunk (a <c>// retained</c> line in the log).</remarks>
[Config(typeof(RetrievalBenchmarkConfig))]
public class Bm25QueryBenchmarks
{
    private InMemoryBm25Index _index = null!;
    private NaiveBm25 _naive = null!;
    private RetrievalRequest[] _queries = null!;
    private RetrievalRequest[] _queriesManyGroups = null!;
    private ChunkSearchFilter _manyGroups = null!;
    private int _next;

    [Params(5_000, 100_000)]
    public int Chunks { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string[] vocabulary = SyntheticCorpus.Vocabulary(50_000);
        var random = new Random(42);
        var texts = new string[Chunks];
        for (int i = 0; i < Chunks; i++)
        {
            texts[i] = SyntheticCorpus.Text(random, vocabulary, 120);
        }

        long before = GC.GetTotalMemory(forceFullCollection: true);
        _index = new InMemoryBm25Index();
        for (int i = 0; i < Chunks; i++)
        {
            _index.ReplaceDocumentAsync($"doc{i}", [SyntheticCorpus.Chunk(i, texts[i], SyntheticCorpus.Acl(i))]).GetAwaiter().GetResult();
        }

        long retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        long textBytes = texts.Sum(t => (long)t.Length * sizeof(char));
        Console.WriteLine($"// retained by InMemoryBm25Index at {Chunks} chunks: {retained / Chunks} B per chunk, excluding the chunk text ({textBytes / Chunks} B, allocated before)");

        _naive = new NaiveBm25(texts, Enumerable.Range(0, Chunks).Select(SyntheticCorpus.Acl).ToArray());
        var caller = new CallerContext("u", Enumerable.Range(0, 300).Select(g => "team-" + g));
        _manyGroups = ChunkSearchFilter.ForCaller(caller);
        _queries = Enumerable.Range(0, 64).Select(_ => new RetrievalRequest(SyntheticCorpus.Text(random, vocabulary, 8), CallerContext.Anonymous) { TopK = 10 }).ToArray();
        _queriesManyGroups = _queries.Select(q => new RetrievalRequest(q.Query, caller) { TopK = 10 }).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _index.Dispose();

    [Benchmark(Baseline = true)]
    public int NaiveLinearScanCallerWith300Groups() => _naive.Search(_queries[_next++ & 63].Query, _manyGroups, 10);

    [Benchmark]
    public Task<RetrievalResult> QueryAnonymous() => _index.RetrieveAsync(_queries[_next++ & 63]);

    [Benchmark]
    public Task<RetrievalResult> QueryCallerWith300Groups() => _index.RetrieveAsync(_queriesManyGroups[_next++ & 63]);
}

/// <summary>
/// The baseline: BM25 with the same analyzer, k1 = 0.9, b = 0.4 and IDF as <see cref="InMemoryBm25Index"/>, but no
/// postings — every chunk's term vector is scanned for the query terms and every chunk's ACL is checked.
/// </summary>
internal sealed class NaiveBm25
{
    private const float K1 = 0.9f;
    private const float B = 0.4f;
    private readonly Dictionary<string, int> _termIds = new(StringComparer.Ordinal);
    private readonly List<int> _df = [];
    private readonly int[][] _terms;
    private readonly int[][] _freqs;
    private readonly int[] _lengths;
    private readonly string[][] _acl;
    private readonly float _avgLength;

    public NaiveBm25(string[] texts, string[][] acl)
    {
        _terms = new int[texts.Length][];
        _freqs = new int[texts.Length][];
        _lengths = new int[texts.Length];
        _acl = acl;
        for (int i = 0; i < texts.Length; i++)
        {
            IReadOnlyList<string> analyzed = EnglishAnalyzer.Default.Analyze(texts[i]);
            var tf = new SortedDictionary<int, int>();
            foreach (string term in analyzed)
            {
                if (!_termIds.TryGetValue(term, out int id))
                {
                    id = _termIds.Count;
                    _termIds[term] = id;
                    _df.Add(0);
                }

                tf[id] = tf.TryGetValue(id, out int n) ? n + 1 : 1;
            }

            foreach (int id in tf.Keys)
            {
                _df[id]++;
            }

            _terms[i] = [.. tf.Keys];
            _freqs[i] = [.. tf.Values];
            _lengths[i] = analyzed.Count;
        }

        _avgLength = (float)_lengths.Average();
    }

    public int Search(string query, ChunkSearchFilter filter, int k)
    {
        var terms = new List<(int Id, float Weight)>();
        foreach (IGrouping<string, string> group in EnglishAnalyzer.Default.Analyze(query).GroupBy(t => t, StringComparer.Ordinal))
        {
            if (_termIds.TryGetValue(group.Key, out int id))
            {
                int n = _lengths.Length;
                float idf = (float)Math.Log(1 + ((n - _df[id] + 0.5) / (_df[id] + 0.5)));
                terms.Add((id, idf * group.Count() * (K1 + 1)));
            }
        }

        var best = new (int Chunk, float Score)[k];
        int count = 0;
        for (int c = 0; c < _terms.Length; c++)
        {
            if (!filter.IsReadable(_acl[c]))
            {
                continue;
            }

            float score = 0;
            float norm = K1 * (1 - B + (B * _lengths[c] / _avgLength));
            foreach ((int id, float weight) in terms)
            {
                int at = Array.BinarySearch(_terms[c], id);
                if (at >= 0)
                {
                    float tf = _freqs[c][at];
                    score += weight * tf / (tf + norm);
                }
            }

            if (score <= 0 || (count == k && score <= best[k - 1].Score))
            {
                continue;
            }

            int i = count < k ? count++ : k - 1;
            while (i > 0 && best[i - 1].Score < score)
            {
                best[i] = best[i - 1];
                i--;
            }

            best[i] = (c, score);
        }

        return count == 0 ? -1 : best[0].Chunk;
    }
}

/// <summary>Exact cosine search at 100k × 384, against a plain scalar dot-product loop as the baseline.</summary>
/// <remarks>The setup prints the memory the store retains per chunk (a <c>// retained</c> line in the log).</remarks>
[Config(typeof(RetrievalBenchmarkConfig))]
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
        long before = GC.GetTotalMemory(forceFullCollection: true);
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

        long retained = GC.GetTotalMemory(forceFullCollection: true) - before - ((long)_flat.Length * sizeof(float));
        Console.WriteLine($"// retained by InMemoryVectorStore at {Vectors} x {Dimensions}: {retained / Vectors} B per chunk (vector {Dimensions * sizeof(float)} B)");
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

/// <summary>
/// Ingestion throughput in chunks per second (<c>Op/s</c>: one operation is one chunk): load → cl100k chunking → hash →
/// BM25 (baseline), and → BM25 + hashing embeddings + in-memory vector store. Each synthetic document (50 random words, ~150–250 tokens) is
/// exactly one chunk, which the setup checks.
/// </summary>
[Config(typeof(RetrievalBenchmarkConfig))]
public class IngestionBenchmarks
{
    private const int Documents = 2_000;
    private List<SourceDocument> _documents = null!;

    [GlobalSetup]
    public void Setup()
    {
        string[] vocabulary = SyntheticCorpus.Vocabulary(20_000);
        var random = new Random(5);
        _documents = Enumerable.Range(0, Documents)
            .Select(i => new SourceDocument($"d{i}", "# Policy\n" + string.Join(" ", Enumerable.Range(0, 5).Select(_ => SyntheticCorpus.Text(random, vocabulary, 10)))) { Format = DocumentFormat.Markdown, AllowedPrincipals = ["*"] })
            .ToList();
        var chunker = new DocumentIngestor([new InMemoryBm25Index()]); // also loads the tokenizer once
        int chunks = _documents.Sum(d => chunker.Chunk(d).Count);
        if (chunks != Documents)
        {
            throw new InvalidOperationException($"Expected one chunk per document, got {chunks} chunks for {Documents} documents.");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Documents)]
    public async Task<int> Bm25Only()
    {
        using var index = new InMemoryBm25Index();
        IngestionResult r = await new DocumentIngestor([index]).IngestAsync(_documents);
        return r.ChunksWritten;
    }

    [Benchmark(OperationsPerInvoke = Documents)]
    public async Task<int> Bm25AndHashingVectors()
    {
        using var index = new InMemoryBm25Index();
        using var store = new InMemoryVectorStore();
        using IEmbeddingGenerator<string, Embedding<float>> generator = new HashingEmbeddingGenerator();
        IngestionResult r = await new DocumentIngestor([index, new VectorChunkIndex(store, generator)]).IngestAsync(_documents);
        return r.ChunksWritten;
    }
}
