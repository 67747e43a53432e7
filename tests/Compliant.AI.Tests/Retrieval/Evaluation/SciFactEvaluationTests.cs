using System.Globalization;
using Xunit.Abstractions;

namespace Compliant.AI.Tests.Retrieval.Evaluation;

/// <summary>
/// BEIR SciFact (test split, 300 queries): nDCG@10 and Recall@100 of the retrievers. Skipped without ../shared/data.
/// The BEIR paper's BM25 reaches nDCG@10 = 0.665; ours must reach it.
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
        Assert.True(ndcg >= 0.665, $"nDCG@10 {ndcg:F4} is below the BEIR BM25 baseline 0.665");
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
