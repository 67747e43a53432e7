using System.Numerics.Tensors;
using Compliant.AI.Internal;
using Microsoft.Extensions.AI;

namespace Compliant.AI;

/// <summary>
/// A deterministic, offline embedding generator by feature hashing: a LEXICAL stand-in, not a semantic model.
/// </summary>
/// <remarks>
/// <para>
/// Each text is analyzed with <see cref="EnglishAnalyzer"/>; every term (weight 1) and every character trigram of
/// each term (weight 0.5) is hashed (FNV-1a) to one of <see cref="Dimensions"/> buckets with a hashed sign, term
/// frequencies are damped (1 + ln tf) and the vector is L2-normalized. Cosine similarity between two such vectors
/// measures shared (stemmed) words and word fragments — it cannot know that "physician" and "doctor" are related.
/// </para>
/// <para>
/// Use it to run dense and hybrid retrieval without model weights (tests, CI, air-gapped demos) and as a baseline;
/// use a real embedding model in production. Thread-safe; no I/O; nothing leaves the process.
/// </para>
/// </remarks>
public sealed class HashingEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The model id reported in the generator metadata.</summary>
    public const string ModelId = "compliant-hashing-lexical-v1";

    private readonly EnglishAnalyzer _analyzer;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Initializes a new instance of the <see cref="HashingEmbeddingGenerator"/> class.</summary>
    /// <param name="dimensions">The vector dimension. The default is 384.</param>
    /// <param name="analyzer">The analyzer, or <see langword="null"/> for <see cref="EnglishAnalyzer.Default"/>.</param>
    public HashingEmbeddingGenerator(int dimensions = 384, EnglishAnalyzer? analyzer = null)
    {
        Dimensions = Throw.IfLessThan(dimensions, 8);
        _analyzer = analyzer ?? EnglishAnalyzer.Default;
        _metadata = new EmbeddingGeneratorMetadata("compliant-hashing", null, ModelId, dimensions);
    }

    /// <summary>Gets the vector dimension.</summary>
    public int Dimensions { get; }

    /// <inheritdoc/>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(values);
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (string value in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.Add(new Embedding<float>(Embed(value ?? string.Empty)) { ModelId = ModelId });
        }

        return Task.FromResult(result);
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        Throw.IfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private float[] Embed(string text)
    {
        var counts = new Dictionary<int, float>();
        int dims = Dimensions;
        _analyzer.Analyze(text, term =>
        {
            AddFeature(counts, Fnv(term, 0x9E3779B9u), 1f, dims);
            if (term.Length > 3)
            {
                for (int i = 0; i + 3 <= term.Length; i++)
                {
                    AddFeature(counts, Fnv(term.Slice(i, 3), 0x85EBCA6Bu), 0.5f, dims);
                }
            }
        });

        var vector = new float[dims];
        foreach ((int key, float count) in counts)
        {
            int bucket = key & int.MaxValue;
            bool negative = key < 0;
            float weight = count <= 1 ? count : 1 + MathF.Log(count);
            vector[bucket % dims] += negative ? -weight : weight;
        }

        float norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
    }

    // Signed bucket key: low bits choose the bucket, the sign bit the sign. Counts are kept per key so tf can be damped.
    private static void AddFeature(Dictionary<int, float> counts, uint hash, float weight, int dims)
    {
        int bucket = (int)(hash % (uint)dims);
        int key = (hash & 0x80000000u) != 0 ? int.MinValue | bucket : bucket;

        counts[key] = counts.TryGetValue(key, out float c) ? c + weight : weight;
    }

    private static uint Fnv(ReadOnlySpan<char> text, uint seed)
    {
        uint hash = 2166136261u ^ seed;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        // Final avalanche so nearby strings spread over buckets.
        hash ^= hash >> 16;
        hash *= 0x7FEB352Du;
        hash ^= hash >> 15;
        return hash;
    }
}
