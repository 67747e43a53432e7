using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;

namespace PolicyAssistant;

/// <summary>
/// Keeps the chunk vectors of hybrid retrieval next to the BM25 index (<c>vectors.bin</c>), keyed by the SHA-256 of the
/// embedding model's id and the chunk's text, so an <c>ask</c> in a new process embeds only what changed instead of the
/// whole corpus. The vectors are the model's, bit for bit; a torn or foreign file is ignored and rewritten.
/// </summary>
/// <remarks>
/// Only the vectors used by the last embedding pass are written back, so the file follows the corpus. Questions and
/// answer sentences are never cached here (they pass straight to the model): the file holds policy text vectors only.
/// </remarks>
internal sealed class ChunkVectorCache : IEmbeddingGenerator<string, Embedding<float>>
{
    private const int FormatVersion = 1;

    private readonly IEmbeddingGenerator<string, Embedding<float>> _inner;
    private readonly string _file;
    private readonly Dictionary<string, float[]> _stored;
    private readonly int _loaded;
    private readonly Dictionary<string, float[]> _used = new(StringComparer.Ordinal);
    private readonly string _modelId;

    public ChunkVectorCache(IEmbeddingGenerator<string, Embedding<float>> inner, string file)
    {
        _inner = inner;
        _file = file;
        _stored = Load(file);
        _loaded = _stored.Count;
        _modelId = inner.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? inner.GetType().FullName!;
    }

    /// <summary>Gets how many texts the inner generator embedded (cache misses).</summary>
    public int Misses { get; private set; }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        string[] texts = values as string[] ?? values.ToArray();
        string[] keys = Array.ConvertAll(texts, Key);
        List<int> missing = [.. Enumerable.Range(0, texts.Length).Where(i => !_stored.ContainsKey(keys[i]))];
        if (missing.Count > 0)
        {
            GeneratedEmbeddings<Embedding<float>> fresh = await _inner.GenerateAsync(missing.Select(i => texts[i]), options, cancellationToken);
            for (int j = 0; j < missing.Count; j++)
            {
                _stored[keys[missing[j]]] = fresh[j].Vector.ToArray();
            }

            Misses += missing.Count;
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Length);
        foreach (string key in keys)
        {
            float[] vector = _stored[key];
            _used[key] = vector;
            result.Add(new Embedding<float>(vector) { ModelId = _modelId });
        }

        return result;
    }

    /// <summary>
    /// Writes the vectors of this pass when they differ from the file's (atomically: a temp file of this process, flushed
    /// to disk, then renamed). The file is only a cache: when another process holds it, this pass's vectors are not
    /// kept and the next run embeds them again.
    /// </summary>
    public void Save()
    {
        if (Misses == 0 && _used.Count == _loaded)
        {
            return;
        }

        string temp = $"{_file}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            Write(temp);
            File.Move(temp, _file, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(temp);
        }
    }

    private void Write(string temp)
    {
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(FormatVersion);
                writer.Write(_used.Count);
                foreach ((string key, float[] vector) in _used)
                {
                    writer.Write(key);
                    writer.Write(vector.Length);
                    foreach (float f in vector)
                    {
                        writer.Write(f);
                    }
                }
            }

            stream.Flush(flushToDisk: true);
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => _inner.GetService(serviceType, serviceKey);

    public void Dispose()
    {
        // The inner generator belongs to the application.
    }

    private string Key(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(_modelId + "\n" + text)));

    private static Dictionary<string, float[]> Load(string file)
    {
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        byte[] bytes;
        try
        {
            // One read of the whole file (a few hundred KB for a corpus of hundreds of chunks), then parsed from memory:
            // a vector is one copy of its bytes, not one read call per float.
            bytes = File.ReadAllBytes(file);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return vectors;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return vectors; // unreadable now: this pass embeds and tries to rewrite it
        }

        if (!TryParse(bytes, vectors))
        {
            vectors.Clear(); // a torn or foreign file is rebuilt by this pass
        }

        return vectors;
    }

    /// <summary>Reads what <see cref="Write"/> wrote (BinaryWriter's layout: little-endian, 7-bit-prefixed UTF-8 keys).</summary>
    private static bool TryParse(ReadOnlySpan<byte> bytes, Dictionary<string, float[]> vectors)
    {
        if (bytes.Length < 8 || BinaryPrimitives.ReadInt32LittleEndian(bytes) != FormatVersion)
        {
            return false;
        }

        int count = BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]);
        int at = 8;
        if (count < 0)
        {
            return false;
        }

        for (int i = 0; i < count; i++)
        {
            if (!TryRead7BitLength(bytes, ref at, out int keyLength) || keyLength > bytes.Length - at)
            {
                return false;
            }

            string key = Encoding.UTF8.GetString(bytes.Slice(at, keyLength));
            at += keyLength;
            if (bytes.Length - at < 4)
            {
                return false;
            }

            int dimensions = BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]);
            at += 4;
            if (dimensions < 0 || dimensions > (bytes.Length - at) / sizeof(float))
            {
                return false;
            }

            float[] vector = new float[dimensions];
            ReadOnlySpan<byte> raw = bytes.Slice(at, dimensions * sizeof(float));
            if (BitConverter.IsLittleEndian)
            {
                raw.CopyTo(MemoryMarshal.AsBytes(vector.AsSpan()));
            }
            else
            {
                for (int j = 0; j < dimensions; j++)
                {
                    vector[j] = BinaryPrimitives.ReadSingleLittleEndian(raw[(j * sizeof(float))..]);
                }
            }

            at += raw.Length;
            vectors[key] = vector;
        }

        return true;
    }

    private static bool TryRead7BitLength(ReadOnlySpan<byte> bytes, ref int at, out int value)
    {
        value = 0;
        for (int shift = 0; shift < 35; shift += 7)
        {
            if (at >= bytes.Length)
            {
                return false;
            }

            byte b = bytes[at++];
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value >= 0;
            }
        }

        return false;
    }
}
