using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Tests.Retrieval.Evaluation;

/// <summary>
/// Evaluation helper: remembers one model's vectors (one cache file per model) by the SHA-256 of their text in a file under the temp folder, so a
/// re-run of the SciFact evaluation does not re-embed 5,183 abstracts. Vectors are the model's, bit for bit.
/// </summary>
internal sealed class CachedEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, string cacheFile)
    : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly Dictionary<string, float[]> _cache = Load(cacheFile);
    private readonly Lock _gate = new();
    private readonly string? _modelId = inner.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId;
    private bool _dirty;

    public int Misses { get; private set; }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        string[] texts = values.ToArray();
        string[] keys = texts.Select(Key).ToArray();
        List<int> missing;
        lock (_gate)
        {
            missing = Enumerable.Range(0, texts.Length).Where(i => !_cache.ContainsKey(keys[i])).ToList();
        }

        if (missing.Count > 0)
        {
            GeneratedEmbeddings<Embedding<float>> fresh = await inner.GenerateAsync(missing.Select(i => texts[i]), options, cancellationToken);
            lock (_gate)
            {
                for (int j = 0; j < missing.Count; j++)
                {
                    _cache[keys[missing[j]]] = fresh[j].Vector.ToArray();
                }

                Misses += missing.Count;
                _dirty = true;
            }
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Length);
        lock (_gate)
        {
            foreach (string key in keys)
            {
                result.Add(new Embedding<float>(_cache[key]) { ModelId = _modelId });
            }
        }

        return result;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => inner.GetService(serviceType, serviceKey);

    public void Save()
    {
        lock (_gate)
        {
            if (!_dirty)
            {
                return;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(cacheFile)!);
            string temp = cacheFile + ".tmp";
            using (var writer = new BinaryWriter(File.Create(temp)))
            {
                writer.Write(_cache.Count);
                foreach ((string key, float[] vector) in _cache)
                {
                    writer.Write(key);
                    writer.Write(vector.Length);
                    foreach (float f in vector)
                    {
                        writer.Write(f);
                    }
                }
            }

            File.Move(temp, cacheFile, overwrite: true);
            _dirty = false;
        }
    }

    public void Dispose()
    {
    }

    private static string Key(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static Dictionary<string, float[]> Load(string file)
    {
        var cache = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (!File.Exists(file))
        {
            return cache;
        }

        try
        {
            using var reader = new BinaryReader(File.OpenRead(file));
            int count = reader.ReadInt32();
            for (int i = 0; i < count; i++)
            {
                string key = reader.ReadString();
                var vector = new float[reader.ReadInt32()];
                for (int j = 0; j < vector.Length; j++)
                {
                    vector[j] = reader.ReadSingle();
                }

                cache[key] = vector;
            }
        }
        catch (EndOfStreamException)
        {
            cache.Clear(); // a torn cache is rebuilt
        }

        return cache;
    }
}
