using System.Globalization;
using Xunit.Abstractions;

namespace Compliant.AI.Tests.Retrieval.Evaluation;

/// <summary>
/// BEIR SciFact (test split, 300 queries), in one run: BM25, MiniLM (all-MiniLM-L6-v2, exact cosine) and their hybrid
/// (<see cref="HybridRetriever"/>, Reciprocal Rank Fusion). Skipped without ../shared/data/beir-scifact.
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
