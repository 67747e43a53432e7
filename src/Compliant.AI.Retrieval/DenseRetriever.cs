using System.Numerics.Tensors;
using System.Text.RegularExpressions;
using Compliant.AI.Internal;
using Compliant.AI.Retrieval.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Compliant.AI;

/// <summary>Retrieves passages by embedding similarity from an <see cref="IVectorChunkStore"/>, with access control.</summary>
/// <remarks>
/// <para>
/// The query is embedded with the given generator, the store searches with the caller's
/// <see cref="ChunkSearchFilter"/> as a pre-filter, and every hit is checked again before it is returned.
/// <see cref="RetrievalResult.HasEvidence"/> is true when the best similarity reaches
/// <see cref="DenseRetrieverOptions.MinimumSimilarity"/>, and <see cref="RetrievalResult.EvidenceScore"/> is that best
/// similarity (over readable passages only). With <see cref="DenseRetrieverOptions.SentenceEvidenceDepth"/> above 0, the
/// sentences of the first passages are embedded too (one batch per query, and only when the best passage falls short of
/// <see cref="DenseRetrieverOptions.MinimumSimilarity"/>): the query also has evidence when one of them reaches
/// <see cref="DenseRetrieverOptions.MinimumSentenceSimilarity"/>, and the evidence score is then the larger of the best
/// passage's and the best sentence's similarity.
/// </para>
/// <para>The query text goes to the embedding generator: put PII redaction in front of a remote embedding API.</para>
/// <para>Thread-safe when the store and the generator are.</para>
/// </remarks>
public sealed partial class DenseRetriever : IRetriever
{
    private const string Name = "dense";
    private readonly IVectorChunkStore _store;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;
    private readonly DenseRetrieverOptions _options;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="DenseRetriever"/> class.</summary>
    /// <param name="store">The vector store.</param>
    /// <param name="generator">The embedding generator; must be the one the chunks were embedded with.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    public DenseRetriever(IVectorChunkStore store, IEmbeddingGenerator<string, Embedding<float>> generator, DenseRetrieverOptions? options = null, ILogger? logger = null)
    {
        _store = Throw.IfNull(store);
        _generator = Throw.IfNull(generator);
        _options = options ?? new DenseRetrieverOptions();
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
            if (string.IsNullOrWhiteSpace(request.Query))
            {
                instrumentation.Complete(RetrievalResult.Empty);
                return new RetrievalResult([], 0, false);
            }

            Embedding<float> embedding = await _generator.GenerateAsync(request.Query, cancellationToken: cancellationToken).ConfigureAwait(false);
            ChunkSearchFilter filter = ChunkSearchFilter.ForRequest(request);
            ChunkSearchResult found = await _store.SearchAsync(embedding.Vector, filter, request.TopK, cancellationToken).ConfigureAwait(false);

            var passages = new List<RetrievedPassage>(found.Hits.Count);

            // Denials the store identified (in-process stores) are deduplicated with the post-check's by chunk id;
            // a store's bare count stays unidentified.
            // A withheld chunk counts as denied only when it would have been evidence (similarity at least
            // MinimumSimilarity): nearest neighbours always exist, so otherwise every off-topic question near a restricted
            // document would read "access denied" instead of "no evidence". A store's bare count stays as it is.
            HashSet<string>? deniedIds = null;
            int unidentified = found.DeniedCount;
            if (found.DeniedChunkIds is { Count: > 0 } storeIds && storeIds.Count == found.DeniedCount)
            {
                unidentified = 0;
                IReadOnlyList<double>? scores = found.DeniedChunkScores is { } s && s.Count == storeIds.Count ? s : null;
                for (int i = 0; i < storeIds.Count; i++)
                {
                    if (scores is null || scores[i] >= _options.MinimumSimilarity)
                    {
                        (deniedIds ??= new HashSet<string>(StringComparer.Ordinal)).Add(storeIds[i]);
                    }
                }
            }
            int postDenied = 0;
            foreach (ScoredChunk hit in found.Hits)
            {
                if (!filter.Allows(hit.Chunk))
                {
                    postDenied++;
                    if (hit.Score >= _options.MinimumSimilarity)
                    {
                        (deniedIds ??= new HashSet<string>(StringComparer.Ordinal)).Add(hit.Chunk.Id);
                    }

                    continue;
                }

                passages.Add(hit.Chunk.ToPassage(hit.Score));
                if (passages.Count == request.TopK)
                {
                    break;
                }
            }

            if (postDenied > 0)
            {
                RetrievalLog.PostCheckDenied(_logger, postDenied);
            }

            bool hasEvidence = passages.Count > 0 && passages[0].Score >= _options.MinimumSimilarity;
            double? evidenceScore = passages.Count > 0 ? passages[0].Score : null;
            if (_options.SentenceEvidenceDepth > 0 && passages.Count > 0 && !hasEvidence)
            {
                // Only when the best passage falls short: the sentences cost one embedding call, and would not change the verdict.
                double sentence = await BestSentenceSimilarityAsync(embedding.Vector, passages, cancellationToken).ConfigureAwait(false);
                hasEvidence |= sentence >= _options.MinimumSentenceSimilarity;
                evidenceScore = Math.Max(evidenceScore!.Value, sentence);
            }

            var result = new RetrievalResult(passages, (deniedIds?.Count ?? 0) + unidentified, hasEvidence)
            {
                EvidenceScore = evidenceScore,
            };
            instrumentation.Complete(result, deniedIds, unidentified);
            RetrievalLog.RetrievalCompleted(_logger, Name, passages.Count, result.DeniedCount, hasEvidence);
            return result;
        }
        catch (Exception ex)
        {
            instrumentation.Fail(ex);
            throw;
        }
    }

    /// <summary>The best cosine similarity between the question and one sentence of the first passages (one embedding call).</summary>
    private async Task<double> BestSentenceSimilarityAsync(ReadOnlyMemory<float> query, List<RetrievedPassage> passages, CancellationToken cancellationToken)
    {
        var sentences = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int depth = Math.Min(_options.SentenceEvidenceDepth, passages.Count);
        for (int p = 0; p < depth; p++)
        {
            foreach (string part in SentenceBreak().Split(passages[p].Text))
            {
                string sentence = part.Trim();

                // A heading or a list marker alone says too little to be evidence; a sentence needs a few words.
                if (CountWords(sentence) >= MinimumSentenceWords && seen.Add(sentence))
                {
                    sentences.Add(sentence);
                }
            }
        }

        if (sentences.Count == 0)
        {
            return double.NegativeInfinity;
        }

        GeneratedEmbeddings<Embedding<float>> vectors = await _generator.GenerateAsync(sentences, cancellationToken: cancellationToken).ConfigureAwait(false);
        double best = double.NegativeInfinity;
        foreach (Embedding<float> vector in vectors)
        {
            if (vector.Vector.Length == query.Length)
            {
                best = Math.Max(best, TensorPrimitives.CosineSimilarity(query.Span, vector.Vector.Span));
            }
        }

        return best;
    }

    private const int MinimumSentenceWords = 4;

    // A sentence ends at . ! or ? before a capital, a digit, a quote or a bracket; a blank line, a list item, a heading or a
    // table row starts another unit. A line that merely wraps does not.
    [GeneratedRegex(@"(?<=[.!?])\s+(?=[A-Z0-9""(])|\n\s*\n|\n(?=\s*(?:[-*+] |\d+[.)] |#|\|))", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceBreak();

    // Words are what whitespace separates: "(B) The individual's location;" is three, not five.
    private static int CountWords(string text)
    {
        int words = 0;
        bool inWord = false;
        foreach (char c in text)
        {
            bool space = char.IsWhiteSpace(c);
            if (!space && !inWord)
            {
                words++;
            }

            inWord = !space;
        }

        return words;
    }
}
