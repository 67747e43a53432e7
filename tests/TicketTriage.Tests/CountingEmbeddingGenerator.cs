using Microsoft.Extensions.AI;

namespace TicketTriage.Tests;

/// <summary>
/// An embedder that records every text it is asked to embed and returns a fixed vector of the right dimension (the unit
/// vector on the first axis), or wraps a real embedder and counts what passes through it.
/// </summary>
internal sealed class CountingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>>? inner = null) : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly Lock _gate = new();
    private readonly List<string> _texts = [];
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public IReadOnlyList<string> Texts
    {
        get
        {
            lock (_gate)
            {
                return _texts.ToArray();
            }
        }
    }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        string[] texts = values.ToArray();
        Interlocked.Increment(ref _calls);
        lock (_gate)
        {
            _texts.AddRange(texts);
        }

        if (inner is not null)
        {
            return await inner.GenerateAsync(texts, options, cancellationToken);
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Length);
        foreach (string _ in texts)
        {
            float[] vector = new float[Compliant.AI.MiniLmEmbeddingGenerator.Dimensions];
            vector[0] = 1;
            result.Add(new Embedding<float>(vector));
        }

        return result;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => inner?.GetService(serviceType, serviceKey);

    public void Dispose()
    {
    }
}
