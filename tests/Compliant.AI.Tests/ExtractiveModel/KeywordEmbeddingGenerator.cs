using Microsoft.Extensions.AI;

namespace Compliant.AI.Tests.ExtractiveModel;

/// <summary>
/// A deterministic test embedding generator: one dimension per concept, a text's vector has 1 in each concept one of
/// whose keywords it contains (and a constant last component, so no vector is zero). A single word that has no concept
/// is like no other text (a dimension of its own), so two unrelated words are not taken for synonyms. Counts its calls and texts.
/// </summary>
internal sealed class KeywordEmbeddingGenerator(params string[][] concepts) : IEmbeddingGenerator<string, Embedding<float>>
{
    private const int OwnDimensions = 256;

    private readonly Dictionary<string, int> _words = new(StringComparer.OrdinalIgnoreCase);

    public int Calls { get; private set; }

    public List<string> Embedded { get; } = [];

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls++;
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (string value in values)
        {
            Embedded.Add(value);
            var vector = new float[concepts.Length + 1 + OwnDimensions];
            bool any = false;
            for (int i = 0; i < concepts.Length; i++)
            {
                vector[i] = concepts[i].Any(k => value.Contains(k, StringComparison.OrdinalIgnoreCase)) ? 1 : 0;
                any |= vector[i] > 0;
            }

            if (!any && !value.Contains(' ', StringComparison.Ordinal))
            {
                if (!_words.TryGetValue(value, out int own))
                {
                    own = _words.Count % OwnDimensions;
                    _words[value] = own;
                }

                vector[concepts.Length + 1 + own] = 1;
            }
            else
            {
                vector[concepts.Length] = 0.1f;
            }
            result.Add(new Embedding<float>(vector));
        }

        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
