using System.Globalization;
using Xunit.Abstractions;

namespace Compliant.AI.Tests.Retrieval.Evaluation;

/// <summary>
/// BEIR SciFact (test split, 300 queries): nDCG@10 and Recall@100 of the retrievers. Skipped without ../shared/data.
/// The BEIR paper's BM25 reaches nDCG@10 = 0.665; ours must reach 0.68 (with Lucene's k1 = 1.2, b = 0.75, as BEIR's).
/// </summary>
public sealed class SciFactEvaluationTests(ITestOutputHelper output)
{
    private const string Dataset = "beir-scifact";

    [DatasetFact(Dataset)]
    public async Task Bm25_SciFact_ReachesBeirBaseline()
    {
        BeirDataset data = BeirDataset.Load(Datasets.Find(Dataset)!);
        using var index = new InMemoryBm25Index();
        // One chunk per abstract (documents are short): the setting of the BEIR baseline.
        var ingestor = new DocumentIngestor([index], new ChunkingOptions { MaxTokens = 8192, OverlapTokens = 0 });
        IngestionResult ingested = await ingestor.IngestAsync(data.Corpus);
        Assert.True(ingested.Succeeded, string.Join("; ", ingested.Errors.Select(e => e.Code)));

        (double ndcg, double recall) = await EvaluateAsync(index, data);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"BM25 (k1={index.Options.K1}, b={index.Options.B}), one chunk per document: nDCG@10={ndcg:F4} Recall@100={recall:F4}"));
        Assert.True(ndcg >= 0.68, $"nDCG@10 {ndcg:F4} is below 0.68 (the BEIR BM25 baseline is 0.665)");
        Assert.True(recall >= 0.90, $"Recall@100 {recall:F4} is below 0.90");
    }

    [DatasetFact(Dataset)]
    public async Task Bm25_SciFactWithDefaultChunking_StaysCloseToBaseline()
    {
        BeirDataset data = BeirDataset.Load(Datasets.Find(Dataset)!);
        using var index = new InMemoryBm25Index();
        var ingestor = new DocumentIngestor([index]);
        IngestionResult ingested = await ingestor.IngestAsync(data.Corpus);
        Assert.True(ingested.Succeeded);

        (double ndcg, double recall) = await EvaluateAsync(index, data);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"BM25, default chunking ({index.ChunkCount} chunks, max-chunk per document): nDCG@10={ndcg:F4} Recall@100={recall:F4}"));
        Assert.True(ndcg >= 0.60, $"nDCG@10 {ndcg:F4}");
    }

    [DatasetFact(Dataset)]
    public async Task Hybrid_Bm25PlusHashingEmbeddings_SciFact_IsReported()
    {
        // HONEST LABEL: the dense side is HashingEmbeddingGenerator, a lexical feature-hashing stand-in (no model weights
        // can be downloaded here), so "hybrid" fuses two lexical signals; it is a plumbing check, not a semantic result.
        BeirDataset data = BeirDataset.Load(Datasets.Find(Dataset)!);
        using var bm25 = new InMemoryBm25Index();
        using var vectors = new InMemoryVectorStore();
        using var generator = new HashingEmbeddingGenerator(384);
        var ingestor = new DocumentIngestor([bm25, new VectorChunkIndex(vectors, generator)], new ChunkingOptions { MaxTokens = 8192, OverlapTokens = 0 });
        (await ingestor.IngestAsync(data.Corpus)).ThrowIfFailed();

        var dense = new DenseRetriever(vectors, generator);
        var hybrid = new HybridRetriever([bm25, dense], new HybridRetrieverOptions { CandidateCount = 300 });
        (double denseNdcg, double denseRecall) = await EvaluateAsync(dense, data);
        (double ndcg, double recall) = await EvaluateAsync(hybrid, data);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Dense (hashing embeddings, 384 dims, lexical stand-in): nDCG@10={denseNdcg:F4} Recall@100={denseRecall:F4}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Hybrid RRF (BM25 + hashing embeddings): nDCG@10={ndcg:F4} Recall@100={recall:F4}"));
        // Measured 0.5835: equal-weight RRF with a much weaker lexical stand-in LOWERS nDCG below BM25 alone (0.684).
        // The floor guards the plumbing against regressions; it is not a claim that hybrid helps with this generator.
        Assert.True(ndcg >= 0.55, $"hybrid nDCG@10 {ndcg:F4}");
        Assert.True(denseNdcg >= 0.40, $"dense nDCG@10 {denseNdcg:F4}");
    }

    internal static async Task<(double Ndcg, double Recall)> EvaluateAsync(IRetriever retriever, BeirDataset data)
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
