using Microsoft.Extensions.AI;

namespace Compliant.AI.Tests.ExtractiveModel;

/// <summary>
/// A deterministic test embedding generator: one dimension per concept, a text's vector has 1 in each concept one of
/// whose keywords it contains (and a constant last component, so no vector is zero). Counts its calls and texts.
/// </summary>
internal sealed class KeywordEmbeddingGenerator(params string[][] concepts) : IEmbeddingGenerator<string, Embedding<float>>
{
    public int Calls { get; private set; }

    public List<string> Embedded { get; } = [];

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls++;
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (string value in values)
        {
            Embedded.Add(value);
            var vector = new float[concepts.Length + 1];
            for (int i = 0; i < concepts.Length; i++)
            {
                vector[i] = concepts[i].Any(k => value.Contains(k, StringComparison.OrdinalIgnoreCase)) ? 1 : 0;
            }

            vector[^1] = 0.1f;
            result.Add(new Embedding<float>(vector));
        }

        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
