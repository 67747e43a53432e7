using System.Numerics.Tensors;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Tests.Retrieval;

public sealed class HashingEmbeddingGeneratorTests
{
    [Fact]
    public async Task GenerateAsync_IsDeterministicNormalizedAndLexical()
    {
        using var generator = new HashingEmbeddingGenerator(256);

        GeneratedEmbeddings<Embedding<float>> e = await generator.GenerateAsync(["audit log retention", "Audit logs retained", "lunch menu friday"]);

        Assert.Equal(256, e[0].Vector.Length);
        Assert.Equal(1f, TensorPrimitives.Norm(e[0].Vector.Span), 4);
        Assert.Equal(e[0].Vector.ToArray(), (await generator.GenerateAsync(["audit log retention"]))[0].Vector.ToArray());
        float similar = TensorPrimitives.CosineSimilarity(e[0].Vector.Span, e[1].Vector.Span);
        float different = TensorPrimitives.CosineSimilarity(e[0].Vector.Span, e[2].Vector.Span);
        Assert.True(similar > 0.5f, similar.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(different < 0.2f, different.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(HashingEmbeddingGenerator.ModelId, generator.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId);
    }
}
