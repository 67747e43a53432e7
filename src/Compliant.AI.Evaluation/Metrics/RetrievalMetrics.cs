namespace Compliant.AI;

/// <summary>
/// Ranking measures as trec_eval and pytrec_eval (used by BEIR) compute them, for one query: nDCG@k with linear gain,
/// Recall@k and the reciprocal rank of the first relevant document.
/// </summary>
/// <remarks>
/// The ranking is taken as given: documents with equal scores keep the retriever's order (a tie is not re-sorted), and
/// a document id repeated in the ranking (several chunks of one document) counts once, at its best rank.
/// A grade of 0 or a missing judgment means not relevant. A query without relevant judgments scores
/// <see cref="double.NaN"/> (not applicable) and is left out of the means.
/// </remarks>
public static class RetrievalMetrics
{
    /// <summary>Computes nDCG@k: Σ grade_i / log2(i + 1) over ranks i = 1..k, divided by the same sum for the ideal ranking of the judged documents.</summary>
    /// <param name="ranked">Document ids, best first.</param>
    /// <param name="judgments">Relevance grades by document id.</param>
    /// <param name="k">The cut-off rank.</param>
    /// <returns>A value in [0, 1], or <see cref="double.NaN"/> when no document is relevant.</returns>
    public static double NdcgAtK(IEnumerable<string> ranked, IReadOnlyDictionary<string, int> judgments, int k)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(judgments);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        double idcg = 0;
        int i = 0;
        foreach (int grade in judgments.Values.Where(g => g > 0).OrderByDescending(g => g).Take(k))
        {
            i++;
            idcg += grade / Math.Log2(i + 1);
        }

        if (idcg == 0)
        {
            return double.NaN;
        }

        double dcg = 0;
        int rank = 0;
        foreach (string id in Distinct(ranked).Take(k))
        {
            rank++;
            if (judgments.TryGetValue(id, out int grade) && grade > 0)
            {
                dcg += grade / Math.Log2(rank + 1);
            }
        }

        return dcg / idcg;
    }

    /// <summary>Computes Recall@k = |relevant ∩ top k| / |relevant|.</summary>
    /// <param name="ranked">Document ids, best first.</param>
    /// <param name="judgments">Relevance grades by document id.</param>
    /// <param name="k">The cut-off rank.</param>
    /// <returns>A value in [0, 1], or <see cref="double.NaN"/> when no document is relevant.</returns>
    public static double RecallAtK(IEnumerable<string> ranked, IReadOnlyDictionary<string, int> judgments, int k)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(judgments);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        int relevant = judgments.Values.Count(g => g > 0);
        if (relevant == 0)
        {
            return double.NaN;
        }

        int found = Distinct(ranked).Take(k).Count(id => judgments.TryGetValue(id, out int g) && g > 0);
        return (double)found / relevant;
    }

    /// <summary>Computes the reciprocal rank of the first relevant document within the top <paramref name="k"/> (0 when none is there).</summary>
    /// <param name="ranked">Document ids, best first.</param>
    /// <param name="judgments">Relevance grades by document id.</param>
    /// <param name="k">The cut-off rank.</param>
    /// <returns>1/rank, 0, or <see cref="double.NaN"/> when no document is relevant.</returns>
    public static double ReciprocalRank(IEnumerable<string> ranked, IReadOnlyDictionary<string, int> judgments, int k)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(judgments);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (!judgments.Values.Any(g => g > 0))
        {
            return double.NaN;
        }

        int rank = 0;
        foreach (string id in Distinct(ranked).Take(k))
        {
            rank++;
            if (judgments.TryGetValue(id, out int grade) && grade > 0)
            {
                return 1.0 / rank;
            }
        }

        return 0;
    }

    private static IEnumerable<string> Distinct(IEnumerable<string> ranked)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string id in ranked)
        {
            if (seen.Add(id))
            {
                yield return id;
            }
        }
    }
}
