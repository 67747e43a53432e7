using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace Compliant.AI.ExtractiveModel.Internal;

/// <summary>
/// Measures the cosine similarity of answer units to a question with an embedding generator: one batch per request for
/// the texts not seen before, and the vectors of recent texts kept (by text) so units of passages retrieved again are
/// not embedded again. The question itself is embedded every time and never cached.
/// </summary>
/// <remarks>Thread-safe. The cache holds at most <see cref="Capacity"/> texts and is emptied when full.</remarks>
internal sealed class SemanticScorer(IEmbeddingGenerator<string, Embedding<float>> generator)
{
    /// <summary>How many texts' vectors are kept at most.</summary>
    public const int Capacity = 4096;

    private readonly ConcurrentDictionary<string, float[]> _vectors = new(StringComparer.Ordinal);

    /// <summary>Gets the embedding generator.</summary>
    public IEmbeddingGenerator<string, Embedding<float>> Generator { get; } = generator;

    /// <summary>
    /// Returns the cosine similarity of each of <paramref name="texts"/> to <paramref name="question"/>. A redaction
    /// placeholder in a text is embedded as the kind of value it stands for (<c>&lt;DATE_TIME_1&gt;</c> as "date time"):
    /// the embedding model knows a date or an email address, not the placeholder's made-up token, which would otherwise
    /// pull a unit that holds the asked value away from the question. The question is embedded as it is: a placeholder
    /// there is the caller's own data, mentioned in passing, not what is asked for.
    /// </summary>
    public async Task<double[]> SimilaritiesAsync(string question, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var readable = new string[texts.Count];
        for (int i = 0; i < texts.Count; i++)
        {
            readable[i] = Readable(texts[i]);
        }

        Dictionary<string, float[]> vectors = await VectorsAsync([question], readable, cancellationToken).ConfigureAwait(false);
        float[] q = vectors[question];
        var similarities = new double[texts.Count];
        for (int i = 0; i < texts.Count; i++)
        {
            similarities[i] = Similarity(q, vectors[readable[i]]);
        }

        return similarities;
    }

    /// <summary>Returns <paramref name="text"/> with each redaction placeholder written as the words of its kind ("&lt;EMAIL_ADDRESS_2&gt;" as "email address").</summary>
    internal static string Readable(string text) =>
        text.Contains('<', StringComparison.Ordinal)
            ? UnitWords.Placeholder().Replace(text, static m => m.Value[1..m.Value.LastIndexOf('_')].Replace('_', ' ').ToLowerInvariant())
            : text;

    /// <summary>
    /// Returns, for each of <paramref name="questionWords"/>, the highest cosine similarity of any of
    /// <paramref name="sourceWords"/> to it (0 when there are none). The question's words are the caller's text and are
    /// never cached; the sources' words are.
    /// </summary>
    public async Task<double[]> BestMatchesAsync(IReadOnlyList<string> questionWords, IReadOnlyList<string> sourceWords, CancellationToken cancellationToken)
    {
        var best = new double[questionWords.Count];
        if (questionWords.Count == 0 || sourceWords.Count == 0)
        {
            return best;
        }

        Dictionary<string, float[]> vectors = await VectorsAsync(questionWords, sourceWords, cancellationToken).ConfigureAwait(false);
        for (int i = 0; i < questionWords.Count; i++)
        {
            float[] q = vectors[questionWords[i]];
            foreach (string word in sourceWords)
            {
                best[i] = Math.Max(best[i], Similarity(q, vectors[word]));
            }
        }

        return best;
    }

    /// <summary>
    /// Returns, for each of <paramref name="questionWords"/>, those of <paramref name="sourceWords"/> at least
    /// <paramref name="threshold"/> similar to it. The question's words are never cached; the sources' words are.
    /// </summary>
    public async Task<List<string>[]> MatchesAsync(IReadOnlyList<string> questionWords, IReadOnlyList<string> sourceWords, double threshold, CancellationToken cancellationToken)
    {
        var matches = new List<string>[questionWords.Count];
        for (int i = 0; i < matches.Length; i++)
        {
            matches[i] = [];
        }

        if (questionWords.Count == 0 || sourceWords.Count == 0)
        {
            return matches;
        }

        Dictionary<string, float[]> vectors = await VectorsAsync(questionWords, sourceWords, cancellationToken).ConfigureAwait(false);
        for (int i = 0; i < questionWords.Count; i++)
        {
            float[] q = vectors[questionWords[i]];
            foreach (string word in sourceWords)
            {
                if (Similarity(q, vectors[word]) >= threshold)
                {
                    matches[i].Add(word);
                }
            }
        }

        return matches;
    }

    /// <summary>
    /// The vectors of the caller's texts (<paramref name="private"/>, read from the cache but never added to it) and of the
    /// sources' texts (<paramref name="cacheable"/>): one batch for those not seen before.
    /// </summary>
    private async Task<Dictionary<string, float[]>> VectorsAsync(IReadOnlyList<string> @private, IReadOnlyList<string> cacheable, CancellationToken cancellationToken)
    {
        // The vectors are gathered first, so a concurrent call that empties the cache cannot take one away midway.
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (string text in @private.Concat(cacheable))
        {
            if (!vectors.ContainsKey(text))
            {
                if (_vectors.TryGetValue(text, out float[]? cached))
                {
                    vectors[text] = cached;
                }
                else
                {
                    vectors[text] = [];
                    missing.Add(text);
                }
            }
        }

        if (missing.Count > 0)
        {
            GeneratedEmbeddings<Embedding<float>> embeddings = await Generator.GenerateAsync(missing, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (embeddings.Count != missing.Count)
            {
                throw new InvalidOperationException($"The embedding generator returned {embeddings.Count} vectors for {missing.Count} texts.");
            }

            if (_vectors.Count + missing.Count > Capacity)
            {
                _vectors.Clear();
            }

            var keep = new HashSet<string>(@private, StringComparer.Ordinal);
            for (int i = 0; i < missing.Count; i++)
            {
                float[] vector = embeddings[i].Vector.ToArray();
                vectors[missing[i]] = vector;

                // Only source texts are kept: the question is the caller's text (it may hold personal data when no
                // redaction stage runs before the model), so neither it nor its words are ever a cache key.
                if (!keep.Contains(missing[i]))
                {
                    _vectors[missing[i]] = vector;
                }
            }
        }

        return vectors;
    }

    private static double Similarity(float[] a, float[] b) => a.Length == b.Length && a.Length > 0 ? Cosine(a, b) : 0;

    /// <summary>
    /// Cosine similarity, written out: a few hundred units of a few hundred dimensions per ask cost microseconds, and the
    /// package stays free of System.Numerics.Tensors (a light package; see PackageGraphTests).
    /// </summary>
    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, normA = 0, normB = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            normA += (double)a[i] * a[i];
            normB += (double)b[i] * b[i];
        }

        return normA > 0 && normB > 0 ? dot / Math.Sqrt(normA * normB) : 0;
    }
}
