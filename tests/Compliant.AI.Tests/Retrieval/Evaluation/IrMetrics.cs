namespace Compliant.AI.Tests.Retrieval.Evaluation;

/// <summary>
/// Standard IR measures as trec_eval / pytrec_eval (used by BEIR) compute them: nDCG@k with linear gain
/// (DCG = Σ rel_i / log2(i + 1) over ranks i = 1..k, divided by the DCG of the ideal ranking of the judged documents),
/// and Recall@k = |relevant ∩ top k| / |relevant|. Averaged over the queries that have judgments.
/// </summary>
public static class IrMetrics
{
    /// <summary>nDCG@k for one query.</summary>
    /// <param name="ranked">Document ids, best first (duplicates ignored).</param>
    /// <param name="judgments">Relevance grades by document id (0 or missing = not relevant).</param>
    /// <param name="k">The cut-off rank.</param>
    public static double NdcgAtK(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> judgments, int k)
    {
        double dcg = 0;
        int rank = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string id in ranked)
        {
            if (rank >= k)
            {
                break;
            }

            if (!seen.Add(id))
            {
                continue;
            }

            rank++;
            if (judgments.TryGetValue(id, out int grade) && grade > 0)
            {
                dcg += grade / Math.Log2(rank + 1);
            }
        }

        double idcg = 0;
        int i = 0;
        foreach (int grade in judgments.Values.Where(g => g > 0).OrderByDescending(g => g).Take(k))
        {
            i++;
            idcg += grade / Math.Log2(i + 1);
        }

        return idcg == 0 ? 0 : dcg / idcg;
    }

    /// <summary>Recall@k for one query.</summary>
    public static double RecallAtK(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> judgments, int k)
    {
        int relevant = judgments.Values.Count(g => g > 0);
        if (relevant == 0)
        {
            return 0;
        }

        var top = new HashSet<string>(ranked.Distinct(StringComparer.Ordinal).Take(k), StringComparer.Ordinal);
        int found = judgments.Count(j => j.Value > 0 && top.Contains(j.Key));
        return (double)found / relevant;
    }

    /// <summary>Mean nDCG@k and Recall@k over every judged query (a query with no run counts as 0).</summary>
    public static (double Ndcg, double Recall) Evaluate(
        IReadOnlyDictionary<string, IReadOnlyList<string>> run,
        IReadOnlyDictionary<string, Dictionary<string, int>> qrels,
        int ndcgK = 10,
        int recallK = 100)
    {
        double ndcg = 0, recall = 0;
        foreach ((string qid, Dictionary<string, int> judgments) in qrels)
        {
            IReadOnlyList<string> ranked = run.TryGetValue(qid, out IReadOnlyList<string>? r) ? r : [];
            ndcg += NdcgAtK(ranked, judgments, ndcgK);
            recall += RecallAtK(ranked, judgments, recallK);
        }

        return (ndcg / qrels.Count, recall / qrels.Count);
    }
}
