using Microsoft.Extensions.AI;

namespace Compliant.AI.Tests.ExtractiveModel;

/// <summary>
/// A deterministic test embedding generator for word-level similarity: the words of one synonym group share a vector
/// (cosine 1); every other text (another word, a whole sentence) gets a dimension of its own (cosine 0 to anything else).
/// Records every text it embeds.
/// </summary>
internal sealed class SynonymEmbeddingGenerator(params string[][] groups) : IEmbeddingGenerator<string, Embedding<float>>
{
    private const int Dimensions = 512;

    private readonly Dictionary<string, int> _others = new(StringComparer.OrdinalIgnoreCase);

    public List<string> Embedded { get; } = [];

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = new GeneratedEmbeddings<Embedding<float>>();
        lock (_others)
        {
            foreach (string value in values)
            {
                Embedded.Add(value);
                int group = Array.FindIndex(groups, g => g.Contains(value, StringComparer.OrdinalIgnoreCase));
                if (group < 0)
                {
                    if (!_others.TryGetValue(value, out int own))
                    {
                        own = groups.Length + _others.Count;
                        _others[value] = own;
                    }

                    group = own;
                }

                var vector = new float[Dimensions];
                vector[group % Dimensions] = 1;
                result.Add(new Embedding<float>(vector));
            }
        }

        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
