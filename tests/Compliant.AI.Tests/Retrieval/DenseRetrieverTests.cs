using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Tests.Retrieval;

/// <summary>
/// The sentence-level evidence of <see cref="DenseRetriever"/>: a passage whose vector is diluted by its other sentences
/// still counts as evidence when one of its sentences is close to the question.
/// </summary>
public sealed class DenseRetrieverTests
{
    private const string Question = "Can staff take back their consent?";
    private const string Answer = "Staff may withdraw their consent at any time by writing to the privacy office.";
    private const string Filler = "Consent forms are kept in the records room with the other signed papers.";

    // The passage's vector sits at cosine 0.45 from the question, the answering sentence at 0.8, the rest at 0.
    private static readonly float[] QuestionVector = [1, 0, 0];
    private static readonly float[] PassageVector = [0.45f, 0.893f, 0];
    private static readonly float[] AnswerVector = [0.8f, 0.6f, 0];
    private static readonly float[] OtherVector = [0, 0, 1];

    private static string PassageText => $"{Filler} {Answer}\n\nSee also.";

    [Fact]
    public void Options_Defaults()
    {
        var options = new DenseRetrieverOptions();

        Assert.Equal(0.3, options.MinimumSimilarity);
        Assert.Equal(0, options.SentenceEvidenceDepth);
        Assert.Equal(0.6, options.MinimumSentenceSimilarity);
    }

    [Theory]
    [InlineData(-1, 0.6, "SentenceEvidenceDepth")]
    [InlineData(21, 0.6, "SentenceEvidenceDepth")]
    [InlineData(3, 1.5, "MinimumSentenceSimilarity")]
    [InlineData(3, -1.5, "MinimumSentenceSimilarity")]
    public void Options_OutOfRange_FailValidation(int depth, double minimum, string member)
    {
        var options = new DenseRetrieverOptions { SentenceEvidenceDepth = depth, MinimumSentenceSimilarity = minimum };
        var results = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Contains(member, results[0].MemberNames);
    }

    [Fact]
    public async Task RetrieveAsync_SentenceEvidenceOff_DilutedPassageHasNoEvidence()
    {
        (InMemoryVectorStore store, RecordingGenerator generator) = await BuildAsync();
        using InMemoryVectorStore _ = store;
        var dense = new DenseRetriever(store, generator, new DenseRetrieverOptions { MinimumSimilarity = 0.5 });

        RetrievalResult result = await dense.RetrieveAsync(new RetrievalRequest(Question, CallerContext.Anonymous));

        Assert.False(result.HasEvidence);
        Assert.Equal(0.45, result.EvidenceScore!.Value, 2);
        Assert.Single(generator.Calls);
    }

    [Fact]
    public async Task RetrieveAsync_SentenceEvidence_OneCloseSentenceIsEvidence()
    {
        (InMemoryVectorStore store, RecordingGenerator generator) = await BuildAsync();
        using InMemoryVectorStore _ = store;
        var dense = new DenseRetriever(store, generator, new DenseRetrieverOptions { MinimumSimilarity = 0.5, SentenceEvidenceDepth = 2, MinimumSentenceSimilarity = 0.6 });

        RetrievalResult result = await dense.RetrieveAsync(new RetrievalRequest(Question, CallerContext.Anonymous));

        Assert.True(result.HasEvidence);
        Assert.Equal(0.8, result.EvidenceScore!.Value, 2);
        Assert.Equal(0.45, result.Passages[0].Score, 2);
    }

    [Fact]
    public async Task RetrieveAsync_SentenceBelowItsBar_NoEvidence()
    {
        (InMemoryVectorStore store, RecordingGenerator generator) = await BuildAsync();
        using InMemoryVectorStore _ = store;
        var dense = new DenseRetriever(store, generator, new DenseRetrieverOptions { MinimumSimilarity = 0.5, SentenceEvidenceDepth = 2, MinimumSentenceSimilarity = 0.85 });

        RetrievalResult result = await dense.RetrieveAsync(new RetrievalRequest(Question, CallerContext.Anonymous));

        Assert.False(result.HasEvidence);
        Assert.Equal(0.8, result.EvidenceScore!.Value, 2);
    }

    [Fact]
    public async Task RetrieveAsync_SentenceEvidence_EmbedsTheFirstPassagesSentencesInOneCall()
    {
        (InMemoryVectorStore store, RecordingGenerator generator) = await BuildAsync();
        using InMemoryVectorStore _ = store;
        var dense = new DenseRetriever(store, generator, new DenseRetrieverOptions { MinimumSimilarity = 0.5, SentenceEvidenceDepth = 1 });

        await dense.RetrieveAsync(new RetrievalRequest(Question, CallerContext.Anonymous) { TopK = 2 });

        // One call for the question, one for the sentences of the first passage only; "See also." is too short to count.
        Assert.Equal(2, generator.Calls.Count);
        Assert.Equal([Filler, Answer], generator.Calls[1]);
    }

    [Fact]
    public async Task RetrieveAsync_SentenceEvidence_PassageAlreadyEvidence_NoSentenceCall()
    {
        (InMemoryVectorStore store, RecordingGenerator generator) = await BuildAsync();
        using InMemoryVectorStore _ = store;
        var dense = new DenseRetriever(store, generator, new DenseRetrieverOptions { MinimumSimilarity = 0.4, SentenceEvidenceDepth = 3 });

        RetrievalResult result = await dense.RetrieveAsync(new RetrievalRequest(Question, CallerContext.Anonymous));

        Assert.True(result.HasEvidence);
        Assert.Equal(0.45, result.EvidenceScore!.Value, 2);
        Assert.Single(generator.Calls);
    }

    [Fact]
    public async Task RetrieveAsync_SentenceEvidence_WithheldPassageSentencesNeverEmbedded()
    {
        (InMemoryVectorStore store, RecordingGenerator generator) = await BuildAsync(restrictAnswer: true);
        using InMemoryVectorStore _ = store;
        var dense = new DenseRetriever(store, generator, new DenseRetrieverOptions { MinimumSimilarity = 0.5, SentenceEvidenceDepth = 3, MinimumSentenceSimilarity = 0.6 });

        RetrievalResult result = await dense.RetrieveAsync(new RetrievalRequest(Question, CallerContext.Anonymous));

        Assert.False(result.HasEvidence);
        Assert.DoesNotContain(generator.Calls.Skip(1).SelectMany(c => c), t => t == Answer);
    }

    private static async Task<(InMemoryVectorStore Store, RecordingGenerator Generator)> BuildAsync(bool restrictAnswer = false)
    {
        var store = new InMemoryVectorStore();
        await store.ReplaceDocumentAsync("consent", [new EmbeddedChunk(Chunk("consent", PassageText, restrictAnswer), PassageVector)]);
        await store.ReplaceDocumentAsync("other", [new EmbeddedChunk(Chunk("other", "Travel needs a receipt for every meal that is claimed.", restricted: false), OtherVector)]);
        return (store, new RecordingGenerator());
    }

    private static DocumentChunk Chunk(string documentId, string text, bool restricted) => new()
    {
        Id = DocumentChunk.CreateId(documentId, 0, ("h-" + documentId).PadRight(16, '0')),
        DocumentId = documentId,
        Ordinal = 0,
        ContentHash = ("h-" + documentId).PadRight(16, '0'),
        DocumentHash = "d-" + documentId,
        Text = text,
        Start = 0,
        End = text.Length,
        AllowedPrincipals = restricted ? [PrincipalNames.Group("legal")] : [PrincipalNames.Everyone],
    };

    /// <summary>Maps the test's texts to fixed vectors and records each call's inputs.</summary>
    private sealed class RecordingGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        public List<string[]> Calls { get; } = [];

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            string[] texts = values.ToArray();
            Calls.Add(texts);
            var result = new GeneratedEmbeddings<Embedding<float>>(texts.Select(t => new Embedding<float>(t switch
            {
                Question => QuestionVector,
                Answer => AnswerVector,
                _ => OtherVector,
            })));
            return Task.FromResult(result);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
