using Compliant.AI.Internal;
using Compliant.AI.Retrieval.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Compliant.AI;

/// <summary>Fuses several retrievers (typically BM25 and dense) by Reciprocal Rank Fusion, then optionally reranks the top passages.</summary>
/// <remarks>
/// <para>
/// Each inner retriever runs with the same caller and filters, so access control happens inside each of them
/// (pre-filter and post-check); fusion and reranking only ever see passages the caller may read. A passage's fused
/// score is <c>Σ 1/(k + rank)</c> over the retrievers that returned it (rank from 1).
/// </para>
/// <para>
/// <see cref="RetrievalResult.HasEvidence"/> is true when any inner retriever found evidence, and
/// <see cref="RetrievalResult.EvidenceScore"/> is the figure of the first inner retriever (in the order given) that found
/// it (null when that one reports none), or, when none did, the first figure an inner retriever reports. The inner figures are on their own scales
/// (BM25 term coverage, cosine similarity), so they are passed through as they are, unless
/// <see cref="HybridRetrieverOptions.EvidenceWeights"/> is set: then, when no inner retriever found evidence, the query
/// still has it when the weighted sum of the inner figures reaches <see cref="HybridRetrieverOptions.MinimumWeightedEvidence"/>,
/// and that sum is the evidence score.
/// <see cref="RetrievalResult.DeniedCount"/> counts each withheld chunk once however many inner retrievers withheld it
/// (the union of their withheld chunks, among each one's candidates), and that count is what the query adds to the
/// <c>compliant_ai.retrieval.denied</c> metric and the audit record's <c>retrieval.denied</c> counter; the inner
/// retrievers record nothing themselves. A chunk that an inner retriever counts without knowing which it is (an
/// out-of-process store's bare count, or a third-party <see cref="IRetriever"/>) cannot be matched with the others: the
/// largest such count is added.
/// </para>
/// <para>
/// With <see cref="HybridRetrieverOptions.JoinCutSentences"/>, a returned passage whose chunk opens inside a sentence also
/// carries the preceding chunk of its document, read from the first <see cref="InMemoryBm25Index"/> among the inner
/// retrievers. With <see cref="HybridRetrieverOptions.MinimumPassageCharacters"/>, a returned passage shorter than that
/// also carries the following chunk of its document, read from the same index.
/// </para>
/// <para>Thread-safe when the inner retrievers and the reranker are.</para>
/// </remarks>
public sealed class HybridRetriever : IRetriever
{
    private const string Name = "hybrid";
    private readonly IRetriever[] _retrievers;
    private readonly HybridRetrieverOptions _options;
    private readonly IReranker? _reranker;
    private readonly InMemoryBm25Index? _lexicalIndex;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="HybridRetriever"/> class.</summary>
    /// <param name="retrievers">The retrievers to fuse (at least one).</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <param name="reranker">A reranker applied to the top fused passages, or <see langword="null"/>.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    public HybridRetriever(IEnumerable<IRetriever> retrievers, HybridRetrieverOptions? options = null, IReranker? reranker = null, ILogger? logger = null)
    {
        Throw.IfNull(retrievers);
        _retrievers = retrievers.ToArray();
        if (_retrievers.Length == 0 || _retrievers.Any(static r => r is null))
        {
            throw new ArgumentException("At least one retriever, and no null retriever, is required.", nameof(retrievers));
        }

        _options = options ?? new HybridRetrieverOptions();
        if (_options.EvidenceWeights.Count != 0 && _options.EvidenceWeights.Count != _retrievers.Length)
        {
            throw new ArgumentException(
                $"HybridRetrieverOptions.EvidenceWeights has {_options.EvidenceWeights.Count} weights for {_retrievers.Length} retrievers; give one per retriever, or none.",
                nameof(options));
        }

        _reranker = reranker;
        _lexicalIndex = _retrievers.OfType<InMemoryBm25Index>().FirstOrDefault();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc/>
    public async Task<RetrievalResult> RetrieveAsync(RetrievalRequest request, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(request);
        Throw.IfLessThan(request.TopK, 1);
        using RetrievalInstrumentation instrumentation = RetrievalInstrumentation.Start(Name, request.TopK);
        try
        {
            int candidates = Math.Max(request.TopK, _options.CandidateCount);
            var inner = new Task<RetrievalResult>[_retrievers.Length];
            var collectors = new DenialCollector[_retrievers.Length];
            for (int i = 0; i < _retrievers.Length; i++)
            {
                var innerRequest = new RetrievalRequest(request.Query, request.Caller) { TopK = candidates, Filters = request.Filters };
                IRetriever retriever = _retrievers[i];
                collectors[i] = new DenialCollector();
                inner[i] = collectors[i].Run(() => retriever.RetrieveAsync(innerRequest, cancellationToken));
            }

            RetrievalResult[] results = await Task.WhenAll(inner).ConfigureAwait(false);

            // Each withheld chunk once: the union of the identified ones, plus the largest unidentified count.
            var deniedIds = new HashSet<string>(StringComparer.Ordinal);
            int unidentified = 0;
            for (int i = 0; i < results.Length; i++)
            {
                int innerUnidentified = collectors[i].Reported ? collectors[i].AddTo(deniedIds) : results[i].DeniedCount;
                unidentified = Math.Max(unidentified, innerUnidentified);
            }

            int denied = deniedIds.Count + unidentified;
            var fused = new Dictionary<string, (RetrievedPassage Passage, double Score, int FirstSeen)>(StringComparer.Ordinal);
            int order = 0;
            bool hasEvidence = false;
            double? evidenceScore = null;
            double? firstKnownScore = null;
            foreach (RetrievalResult result in results)
            {
                firstKnownScore ??= result.EvidenceScore;
                if (result.HasEvidence && !hasEvidence)
                {
                    evidenceScore = result.EvidenceScore;
                }

                hasEvidence |= result.HasEvidence;
                for (int rank = 0; rank < result.Passages.Count; rank++)
                {
                    RetrievedPassage passage = result.Passages[rank];
                    double contribution = 1.0 / (_options.RrfK + rank + 1);
                    fused[passage.ChunkId] = fused.TryGetValue(passage.ChunkId, out var existing)
                        ? (existing.Passage, existing.Score + contribution, existing.FirstSeen)
                        : (passage, contribution, order++);
                }
            }

            // The combined rule: signals that each fall short of their own threshold may pass together.
            if (!hasEvidence && _options.EvidenceWeights.Count == results.Length)
            {
                double weighted = 0;
                for (int i = 0; i < results.Length; i++)
                {
                    weighted += _options.EvidenceWeights[i] * (results[i].EvidenceScore ?? 0);
                }

                if (weighted >= _options.MinimumWeightedEvidence)
                {
                    hasEvidence = true;
                    evidenceScore = weighted;
                }
            }

            List<RetrievedPassage> ranked = fused.Values
                .OrderByDescending(static f => f.Score)
                .ThenBy(static f => f.FirstSeen)
                .Select(static f => WithScore(f.Passage, f.Score))
                .ToList();

            if (_reranker is not null && ranked.Count > 1)
            {
                int n = Math.Min(_options.RerankTopN, ranked.Count);
                List<RetrievedPassage> head = ranked.GetRange(0, n);
                IReadOnlyList<RetrievedPassage> reranked = await _reranker.RerankAsync(request.Query, head, cancellationToken).ConfigureAwait(false);
                var known = head.ToDictionary(static p => p.ChunkId, StringComparer.Ordinal);
                var rerankedKnown = new List<RetrievedPassage>(n);
                foreach (RetrievedPassage p in reranked ?? [])
                {
                    // Only passages that were given to the reranker may come back (it cannot add unchecked ones).
                    if (p is not null && known.Remove(p.ChunkId))
                    {
                        rerankedKnown.Add(p);
                    }
                }

                ranked = [.. rerankedKnown, .. ranked.Skip(n)];
            }

            if (ranked.Count > request.TopK)
            {
                ranked.RemoveRange(request.TopK, ranked.Count - request.TopK);
            }

            if ((_options.JoinCutSentences || _options.MinimumPassageCharacters > 0) && _lexicalIndex is not null && ranked.Count > 0)
            {
                ranked = [.. _lexicalIndex.JoinNeighbouringChunks(ranked, ChunkSearchFilter.ForRequest(request), _options.JoinCutSentences, _options.MinimumPassageCharacters)];
            }

            var final = new RetrievalResult(ranked, denied, hasEvidence && ranked.Count > 0)
            {
                EvidenceScore = hasEvidence ? evidenceScore : firstKnownScore,
            };

            // The inner retrievers reported to their collectors; the query's denials are recorded once, here (or reported
            // to an enclosing composite retriever).
            instrumentation.Complete(final, deniedIds, unidentified);
            RetrievalLog.RetrievalCompleted(_logger, Name, ranked.Count, denied, final.HasEvidence);
            return final;
        }
        catch (Exception ex)
        {
            instrumentation.Fail(ex);
            throw;
        }
    }

    private static RetrievedPassage WithScore(RetrievedPassage p, double score) => new()
    {
        ChunkId = p.ChunkId,
        DocumentId = p.DocumentId,
        Text = p.Text,
        Score = score,
        Title = p.Title,
        Source = p.Source,
        SectionPath = p.SectionPath,
        Start = p.Start,
        End = p.End,
        Classification = p.Classification,
    };
}
