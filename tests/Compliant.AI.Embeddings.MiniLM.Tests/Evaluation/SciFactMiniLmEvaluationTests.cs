using System.Globalization;
using Microsoft.Extensions.AI;
using Xunit.Abstractions;

namespace Compliant.AI.Tests.Retrieval.Evaluation;

/// <summary>
/// BEIR SciFact (test split, 300 queries), in one run: BM25, MiniLM (all-MiniLM-L6-v2, exact cosine) and their hybrid
/// (<see cref="HybridRetriever"/>, Reciprocal Rank Fusion), then snowflake-arctic-embed-xs with and without its query
/// instruction and its hybrid with BM25. Skipped without ../shared/data/beir-scifact.
/// Reference figures from the BEIR paper: BM25 0.665, BM25 + cross-encoder reranking 0.688.
/// </summary>
/// <remarks>
/// Embedding the 5,183 abstracts takes minutes on two cores; the vectors are cached under the temp folder
/// (<c>compliant-ai-eval/scifact-minilm.bin</c>), keyed by the SHA-256 of each text, so later runs take seconds.
/// </remarks>
public sealed class SciFactMiniLmEvaluationTests(ITestOutputHelper output)
{
    private const string Dataset = "beir-scifact";

    [DatasetFact(Dataset)]
    public async Task Hybrid_Bm25PlusMiniLm_SciFact_BeatsBm25AndTheBeirRerankerFigure()
    {
        BeirDataset data = BeirDataset.Load(Datasets.Find(Dataset)!);
        using var bm25 = new InMemoryBm25Index();
        using var vectors = new InMemoryVectorStore();
        using var model = new MiniLmEmbeddingGenerator();
        var generator = new CachedEmbeddingGenerator(model, Path.Combine(Path.GetTempPath(), "compliant-ai-eval", "scifact-minilm.bin"));

        // One chunk per abstract, as the BEIR baselines index them.
        var ingestor = new DocumentIngestor([bm25, new VectorChunkIndex(vectors, generator)], new ChunkingOptions { MaxTokens = 8192, OverlapTokens = 0 });
        (await ingestor.IngestAsync(data.Corpus)).ThrowIfFailed();
        generator.Save();

        var dense = new DenseRetriever(vectors, generator);
        var hybrid = new HybridRetriever([bm25, dense], new HybridRetrieverOptions { CandidateCount = 300 });
        (double bm25Ndcg, double bm25Recall) = await EvaluateAsync(bm25, data);
        (double denseNdcg, double denseRecall) = await EvaluateAsync(dense, data);
        (double hybridNdcg, double hybridRecall) = await EvaluateAsync(hybrid, data);
        generator.Save();

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SciFact test, 300 queries, one chunk per abstract ({generator.Misses} texts embedded in this run, the rest from the cache):"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  BM25                      nDCG@10={bm25Ndcg:F4} Recall@100={bm25Recall:F4}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  MiniLM-L6-v2 (cosine)     nDCG@10={denseNdcg:F4} Recall@100={denseRecall:F4}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Hybrid RRF (k=60)         nDCG@10={hybridNdcg:F4} Recall@100={hybridRecall:F4}"));
        output.WriteLine("  BEIR paper: BM25 0.665, BM25 + cross-encoder 0.688");

        Assert.True(bm25Ndcg >= 0.68, $"BM25 nDCG@10 {bm25Ndcg:F4}");
        Assert.True(denseNdcg >= 0.60, $"MiniLM nDCG@10 {denseNdcg:F4}");
        Assert.True(hybridNdcg > bm25Ndcg, $"hybrid {hybridNdcg:F4} does not beat BM25 {bm25Ndcg:F4}");
        Assert.True(hybridNdcg >= 0.688, $"hybrid nDCG@10 {hybridNdcg:F4} is below BEIR's BM25 + cross-encoder 0.688");
    }

    [DatasetFact(Dataset, RequiresEnvironment = "EVAL_ARCTIC")]
    public async Task ArcticEmbedXs_SciFact_NeedsItsQueryInstructionAndHelpsBm25()
    {
        // Embedding the 5,183 abstracts a second time costs minutes on two cores, so this comparison runs only when asked
        // (EVAL_ARCTIC=1); docs/retrieval.md holds its figures. The shipped default is MiniLM.
        BeirDataset data = BeirDataset.Load(Datasets.Find(Dataset)!);
        using var bm25 = new InMemoryBm25Index();
        (await new DocumentIngestor([bm25], new ChunkingOptions { MaxTokens = 8192, OverlapTokens = 0 }).IngestAsync(data.Corpus)).ThrowIfFailed();
        (double bm25Ndcg, _) = await EvaluateAsync(bm25, data);

        // snowflake-arctic-embed-xs over the same chunks: questions with and without its query instruction.
        using var arcticVectors = new InMemoryVectorStore();
        using var arcticModel = new MiniLmEmbeddingGenerator(new MiniLmEmbeddingGeneratorOptions { Model = MiniLmModel.ArcticEmbedXs });
        var arctic = new CachedEmbeddingGenerator(arcticModel, EvaluationModels.CacheFile("scifact", MiniLmModel.ArcticEmbedXs));
        (await new DocumentIngestor([new VectorChunkIndex(arcticVectors, arctic)], new ChunkingOptions { MaxTokens = 8192, OverlapTokens = 0 }).IngestAsync(data.Corpus)).ThrowIfFailed();
        arctic.Save();
        var arcticPlain = new DenseRetriever(arcticVectors, arctic);
        var arcticQuery = new DenseRetriever(arcticVectors, new PrefixedQueries(arctic));
        (double arcticPlainNdcg, double arcticPlainRecall) = await EvaluateAsync(arcticPlain, data);
        (double arcticNdcg, double arcticRecall) = await EvaluateAsync(arcticQuery, data);
        (double arcticHybridNdcg, double arcticHybridRecall) = await EvaluateAsync(new HybridRetriever([bm25, arcticQuery], new HybridRetrieverOptions { CandidateCount = 300 }), data);
        arctic.Save();

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  BM25                                  nDCG@10={bm25Ndcg:F4}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  arctic-embed-xs, no query instruction nDCG@10={arcticPlainNdcg:F4} Recall@100={arcticPlainRecall:F4}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  arctic-embed-xs, query instruction    nDCG@10={arcticNdcg:F4} Recall@100={arcticRecall:F4}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Hybrid RRF BM25 + arctic-embed-xs     nDCG@10={arcticHybridNdcg:F4} Recall@100={arcticHybridRecall:F4}"));

        // arctic-embed-xs, measured on 2026-12-07: 0.4380 without its query instruction, 0.6406 with it, hybrid 0.7001
        // (MiniLM 0.6463 and hybrid 0.7140 in the same run).
        Assert.True(arcticNdcg > arcticPlainNdcg + 0.1, $"arctic-embed-xs with its query instruction {arcticNdcg:F4}, without {arcticPlainNdcg:F4}");
        Assert.True(arcticNdcg >= 0.62, $"arctic-embed-xs nDCG@10 {arcticNdcg:F4}");
        Assert.True(arcticHybridNdcg > bm25Ndcg, $"hybrid with arctic-embed-xs {arcticHybridNdcg:F4} does not beat BM25 {bm25Ndcg:F4}");
    }

    /// <summary>arctic-embed's query instruction before every text: this retriever embeds questions only.</summary>
    private sealed class PrefixedQueries(IEmbeddingGenerator<string, Embedding<float>> inner) : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            inner.GenerateAsync(values.Select(static v => EvaluationModels.ArcticQueryPrefix + v), options, cancellationToken);

        public object? GetService(Type serviceType, object? serviceKey = null) => inner.GetService(serviceType, serviceKey);

        public void Dispose()
        {
        }
    }

    private static async Task<(double Ndcg, double Recall)> EvaluateAsync(IRetriever retriever, BeirDataset data)
    {
        var run = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach ((string qid, string text) in data.Queries)
        {
            RetrievalResult result = await retriever.RetrieveAsync(new RetrievalRequest(text, CallerContext.Anonymous) { TopK = 300 });
            run[qid] = result.Passages.Select(p => p.DocumentId).Distinct(StringComparer.Ordinal).Take(100).ToList();
        }

        return IrMetrics.Evaluate(run, data.Qrels);
    }
}
