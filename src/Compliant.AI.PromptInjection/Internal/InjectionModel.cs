namespace Compliant.AI.PromptInjection.Internal;

/// <summary>The logistic-regression heads over <see cref="InjectionFeatures"/>, loaded from the embedded weights.</summary>
/// <remarks>
/// File format (little-endian): int magic <see cref="Magic"/>, int version 1, int bucket bits, int head count; per head:
/// a length-prefixed UTF-8 name, float bias, int weight count, then that many (int bucket, float weight) pairs. The file is
/// written by <c>eng/train-injection</c>. Immutable after loading; thread-safe.
/// </remarks>
internal sealed class InjectionModel
{
    public const int Magic = 0x49504143;
    public const string UserHead = "user";
    public const string DocumentHead = "document";
    private const string ResourceName = "Compliant.AI.PromptInjection.Resources.injection-model.bin";

    private static readonly Lazy<InjectionModel> EmbeddedModel = new(LoadEmbedded);

    public InjectionModel(IReadOnlyDictionary<string, ModelHead> heads)
    {
        Heads = heads;
    }

    public static InjectionModel Embedded => EmbeddedModel.Value;

    public IReadOnlyDictionary<string, ModelHead> Heads { get; }

    public static InjectionModel Read(Stream stream)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        if (reader.ReadInt32() != Magic || reader.ReadInt32() != 1)
        {
            throw new InvalidDataException("The prompt-injection model file has an unknown format.");
        }

        int bits = reader.ReadInt32();
        if (bits != InjectionFeatures.BucketBits)
        {
            throw new InvalidDataException("The prompt-injection model file was trained with another feature size.");
        }

        int headCount = reader.ReadInt32();
        var heads = new Dictionary<string, ModelHead>(StringComparer.Ordinal);
        for (int h = 0; h < headCount; h++)
        {
            string name = reader.ReadString();
            float bias = reader.ReadSingle();
            int count = reader.ReadInt32();
            var weights = new float[InjectionFeatures.Buckets];
            for (int i = 0; i < count; i++)
            {
                int bucket = reader.ReadInt32();
                float weight = reader.ReadSingle();
                if ((uint)bucket >= (uint)weights.Length)
                {
                    throw new InvalidDataException("The prompt-injection model file has a bucket out of range.");
                }

                weights[bucket] = weight;
            }

            heads[name] = new ModelHead(bias, weights);
        }

        return new InjectionModel(heads);
    }

    public void Write(Stream stream)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(1);
        writer.Write(InjectionFeatures.BucketBits);
        writer.Write(Heads.Count);
        foreach ((string name, ModelHead head) in Heads.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            writer.Write(name);
            writer.Write(head.Bias);
            int count = head.Weights.Count(w => w != 0);
            writer.Write(count);
            for (int i = 0; i < head.Weights.Length; i++)
            {
                if (head.Weights[i] != 0)
                {
                    writer.Write(i);
                    writer.Write(head.Weights[i]);
                }
            }
        }
    }

    private static InjectionModel LoadEmbedded()
    {
        using Stream stream = typeof(InjectionModel).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException("The embedded prompt-injection model is missing from the assembly.");
        return Read(stream);
    }
}
