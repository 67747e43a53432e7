using System.Text.Json;
using Microsoft.Extensions.AI;
using TicketTriage.Classifier;

namespace TicketTriage.Tests;

/// <summary>
/// The local classifier's cascade, in process on the shipped weights: a ticket the lexical head is sure of never reaches
/// the embedder, an unsure one always does, and whichever stage answers, only approved categories come out.
/// </summary>
public sealed class TicketClassifierCascadeTests
{
    // Clear, typical tickets and vague ones: which of them the lexical head is sure of is read from the head itself
    // below, so the test pins the routing rule, not today's weights.
    private static readonly string[] Texts =
    [
        "I lost my card yesterday, please block it",
        "How do I top up with a bank transfer?",
        "Why was I charged twice for the same coffee?",
        "What is the exchange rate for euros?",
        "I forgot my passcode and cannot log in",
        "Can I get a virtual card?",
        "My transfer has been pending for three days",
        "The ATM swallowed my card",
        "My card still hasn't arrived after two weeks, when will it come?",
        "hmm",
        "it does not work",
        "something is wrong with my money thing",
        "please help",
        "why?",
    ];

    private static readonly LinearHead Head = TicketClassifier.LoadEmbeddedHead();
    private static readonly LinearHead Lexical = TicketClassifier.LoadEmbeddedLexicalHead();
    private static readonly double Threshold = new TriageSettings().CascadeThreshold;

    [Fact]
    public async Task ClassifyAsync_ConfidentTicketsSkipTheEmbedder_UnsureOnesUseIt()
    {
        var embedder = new CountingEmbeddingGenerator();
        await using var classifier = new TicketClassifier(Head, embedder, Lexical, Threshold);

        foreach (string text in Texts)
        {
            TicketScore score = await classifier.ClassifyAsync(text, allowed: null, CancellationToken.None);

            Assert.Equal(LexicalConfidence(text, allowed: null) < Threshold, score.Embedded);
        }

        string[] unsure = Texts.Where(t => LexicalConfidence(t, allowed: null) < Threshold).ToArray();
        Assert.NotEmpty(unsure);
        Assert.NotEqual(Texts.Length, unsure.Length); // both paths exercised
        Assert.Equal(unsure, embedder.Texts);
        Assert.Equal(Texts.Length - unsure.Length, classifier.LexicalAnswers);
        Assert.Equal(unsure.Length, classifier.EmbeddedAnswers);
    }

    [Fact]
    public async Task ClassifyAsync_ConfidentTicket_AnswersFromTheLexicalHeadsProbabilities()
    {
        string text = Texts.First(t => LexicalConfidence(t, allowed: null) >= Threshold);
        var embedder = new CountingEmbeddingGenerator();
        await using var classifier = new TicketClassifier(Head, embedder, Lexical, Threshold);

        TicketScore score = await classifier.ClassifyAsync(text, allowed: null, CancellationToken.None);

        Assert.False(score.Embedded);
        Assert.Equal(0, embedder.Calls);
        Assert.Equal(LexicalProbabilities(text), score.Probabilities);
    }

    [Fact]
    public async Task ClassifyAsync_CascadeOff_EmbedsEveryTicket()
    {
        var embedder = new CountingEmbeddingGenerator();
        await using var classifier = new TicketClassifier(Head, embedder, lexical: null);

        foreach (string text in Texts)
        {
            Assert.True((await classifier.ClassifyAsync(text, allowed: null, CancellationToken.None)).Embedded);
        }

        Assert.Equal(Texts, embedder.Texts);
        Assert.Equal(0, classifier.LexicalAnswers);
    }

    [Fact]
    public async Task ClassifyAsync_ManyConcurrentUnsureTickets_EachIsEmbeddedOnce()
    {
        string[] unsure = Texts.Where(t => LexicalConfidence(t, allowed: null) < Threshold).ToArray();
        string[] tickets = Enumerable.Range(0, 200).Select(i => unsure[i % unsure.Length] + " " + i).ToArray();
        var embedder = new CountingEmbeddingGenerator();
        await using var classifier = new TicketClassifier(Head, embedder, Lexical, cascadeThreshold: 1);

        TicketScore[] scores = await Task.WhenAll(tickets.Select(t => classifier.ClassifyAsync(t, allowed: null, CancellationToken.None)));

        Assert.All(scores, s => Assert.True(s.Embedded));
        Assert.Equal(tickets.Order(StringComparer.Ordinal), embedder.Texts.Order(StringComparer.Ordinal));
        Assert.Equal(tickets.Length, classifier.EmbeddedAnswers);
    }

    [Fact]
    public async Task ClassifyAsync_NarrowedList_DecidesOnTheConfidenceOverTheAllowedClasses()
    {
        // A ticket the lexical head is sure of, with its top class not approved: the confidence over what may be
        // answered is what the cascade compares with the threshold.
        string text = Texts.First(t => LexicalConfidence(t, allowed: null) >= Threshold);
        float[] probabilities = LexicalProbabilities(text);
        int top = Array.IndexOf(probabilities, probabilities.Max());
        bool[] allowed = Enumerable.Range(0, Head.Classes.Length).Select(c => c != top).ToArray();
        var embedder = new CountingEmbeddingGenerator();
        await using var classifier = new TicketClassifier(Head, embedder, Lexical, Threshold);

        TicketScore score = await classifier.ClassifyAsync(text, allowed, CancellationToken.None);

        Assert.Equal(LexicalConfidence(text, allowed) < Threshold, score.Embedded);
        Assert.Equal(score.Embedded ? 1 : 0, embedder.Calls);
        Assert.NotEqual(top, TicketScore.Top(score.Probabilities, allowed).Best);
    }

    [Fact]
    public async Task ClassifyAsync_EmbedderFails_UnsureTicketFailsConfidentOneIsAnswered()
    {
        string confident = Texts.First(t => LexicalConfidence(t, allowed: null) >= Threshold);
        string unsure = Texts.First(t => LexicalConfidence(t, allowed: null) < Threshold);
        await using var classifier = new TicketClassifier(Head, new ThrowingEmbeddingGenerator(), Lexical, Threshold);

        Assert.False((await classifier.ClassifyAsync(confident, allowed: null, CancellationToken.None)).Embedded);
        await Assert.ThrowsAsync<InvalidOperationException>(() => classifier.ClassifyAsync(unsure, allowed: null, CancellationToken.None));
    }

    [Fact]
    public void Constructor_LexicalHeadWithOtherClasses_Throws()
    {
        var other = new LinearHead(["a", "b"], 0, Lexical.SparseDimensions, 1, new float[2 * Lexical.SparseDimensions], new float[2]);

        Assert.Throws<InvalidDataException>(() => new TicketClassifier(Head, new CountingEmbeddingGenerator(), other, Threshold));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task LocalTriageChatClient_BothStages_AnswerOnlyApprovedCategoriesAndNameTheStage(bool streaming)
    {
        string[] approved = ["card_arrival", "exchange_rate", "terminate_account", "lost_or_stolen_card"];
        var embedder = new CountingEmbeddingGenerator();
        await using var classifier = new TicketClassifier(Head, embedder, Lexical, Threshold);
        using var client = new LocalTriageChatClient(classifier);
        ChatOptions options = new() { ResponseFormat = ChatResponseFormat.ForJsonSchema(TriageSchema.Create(approved), "ticket_triage") };

        var models = new HashSet<string>(StringComparer.Ordinal);
        foreach (string text in Texts)
        {
            ChatMessage[] messages = [new(ChatRole.User, text)];
            ChatResponse response = streaming
                ? await client.GetStreamingResponseAsync(messages, options).ToChatResponseAsync()
                : await client.GetResponseAsync(messages, options);

            using JsonDocument answer = JsonDocument.Parse(response.Text);
            Assert.Contains(answer.RootElement.GetProperty("category").GetString(), approved);
            Assert.InRange(answer.RootElement.GetProperty("confidence").GetDouble(), 0, 1);
            models.Add(response.ModelId!);
        }

        Assert.Contains(LocalTriageChatClient.LexicalModelId, models);
        Assert.Contains(LocalTriageChatClient.ModelId, models);
        Assert.True(embedder.Calls > 0);
        Assert.True(classifier.LexicalAnswers > 0);
    }

    private static float[] LexicalProbabilities(string text)
    {
        (int[] indices, float[] values) = TicketFeatures.Extract(text);
        float[] probabilities = new float[Lexical.Classes.Length];
        Lexical.Predict([], indices, values, probabilities);
        return probabilities;
    }

    private static double LexicalConfidence(string text, bool[]? allowed) => TicketScore.Top(LexicalProbabilities(text), allowed).Confidence;

    private sealed class ThrowingEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("embedder down");

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
