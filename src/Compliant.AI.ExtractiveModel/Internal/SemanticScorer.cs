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

    /// <summary>Returns the cosine similarity of each of <paramref name="texts"/> to <paramref name="question"/>.</summary>
    public async Task<double[]> SimilaritiesAsync(string question, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        // The vectors are gathered first, so a concurrent call that empties the cache cannot take one away midway.
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (string text in texts.Prepend(question))
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

            for (int i = 0; i < missing.Count; i++)
            {
                float[] vector = embeddings[i].Vector.ToArray();
                vectors[missing[i]] = vector;

                // Only source units are kept: the question is the caller's text (it may hold personal data when no
                // redaction stage runs before the model), so it is never a cache key.
                if (!string.Equals(missing[i], question, StringComparison.Ordinal))
                {
                    _vectors[missing[i]] = vector;
                }
            }
        }

        float[] q = VectorOf(question);
        var similarities = new double[texts.Count];
        for (int i = 0; i < texts.Count; i++)
        {
            float[] v = VectorOf(texts[i]);
            similarities[i] = v.Length == q.Length && q.Length > 0 ? Cosine(q, v) : 0;
        }

        return similarities;

        float[] VectorOf(string text) => vectors[text];
    }

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
