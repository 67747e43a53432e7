using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using TicketTriage.Classifier;

namespace TicketTriage.Tests;

/// <summary>
/// The local model behind the structured-output stage: when the stage re-asks (it appends the rejected answer and a
/// corrective user message), the model still classifies the ticket, not the corrective message.
/// </summary>
public sealed class LocalTriageReaskTests
{
    private const string Ticket = "The ATM swallowed my card";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reask_AfterInvalidJson_ClassifiesTheTicketNotTheCorrectiveMessage(bool streaming)
    {
        await using var classifier = new TicketClassifier(TicketClassifier.LoadEmbeddedHead(), new CountingEmbeddingGenerator(), TicketClassifier.LoadEmbeddedLexicalHead(), new TriageSettings().CascadeThreshold);
        using var local = new LocalTriageChatClient(classifier);
        var broken = new BrokenOnceChatClient(local);
        using IChatClient pipeline = new ChatClientBuilder(broken).UseStructuredOutput().Build();
        ChatOptions options = new() { ResponseFormat = ChatResponseFormat.ForJsonSchema(TriageSchema.Create(classifier.Classes), "ticket_triage") };
        ChatMessage[] messages = [new(ChatRole.System, "Triage the ticket."), new(ChatRole.User, Ticket)];

        ChatResponse direct = await local.GetResponseAsync(messages, options);
        ChatResponse reasked = streaming
            ? await pipeline.GetStreamingResponseAsync(messages, options).ToChatResponseAsync()
            : await pipeline.GetResponseAsync(messages, options);

        Assert.Equal(2, broken.Calls); // the first answer was cut off and re-asked
        using JsonDocument expected = JsonDocument.Parse(direct.Text);
        using JsonDocument actual = JsonDocument.Parse(reasked.Text);
        Assert.Equal("card_swallowed", expected.RootElement.GetProperty("category").GetString());
        Assert.Equal("card_swallowed", actual.RootElement.GetProperty("category").GetString());
        Assert.Equal(Ticket, actual.RootElement.GetProperty("summary").GetString());
    }

    [Fact]
    public void TicketText_IsTheCallersLastUserTurnBeforeAnyAnswer()
    {
        Assert.Equal("the ticket", LocalTriageChatClient.TicketText([new(ChatRole.System, "s"), new(ChatRole.User, "the ticket")]));
        Assert.Equal("the ticket", LocalTriageChatClient.TicketText([new(ChatRole.System, "s"), new(ChatRole.User, "the ticket"), new(ChatRole.Assistant, "{"), new(ChatRole.User, "Your previous answer is not valid JSON.")]));
        Assert.Equal(string.Empty, LocalTriageChatClient.TicketText([new(ChatRole.System, "s")]));
    }

    /// <summary>Cuts off the first answer's closing brace (invalid JSON); later answers pass through.</summary>
    private sealed class BrokenOnceChatClient(IChatClient inner) : DelegatingChatClient(inner)
    {
        private int _calls;

        public int Calls => _calls;

        public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            ChatResponse response = await base.GetResponseAsync(messages, options, cancellationToken);
            return ++_calls == 1 ? new ChatResponse(new ChatMessage(ChatRole.Assistant, response.Text[..^1])) : response;
        }

        public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            ChatResponse response = await GetResponseAsync(messages, options, cancellationToken);
            foreach (ChatResponseUpdate update in response.ToChatResponseUpdates())
            {
                yield return update;
            }
        }
    }
}
