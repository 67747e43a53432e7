using Microsoft.Extensions.AI;
using static Compliant.AI.Tests.Grounding.GroundingFixtures;

namespace Compliant.AI.Tests.Grounding;

/// <summary>
/// Redaction with restoration off (<c>Restore = false</c>) inside grounding: the model sees placeholders where the
/// passages hold values, and answers with them. A placeholder is neither support nor claim; the rest of the sentence
/// must still be supported.
/// </summary>
public class GroundingPlaceholderTests
{
    private const string Question = "How long are audit logs retained?";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnswerWithPlaceholders_RestOfTheSentenceSupported_Grounded(bool streaming)
    {
        const string Answer = "Audit logs of <PERSON_1> are retained for six years from the date of creation [S1].";
        using var client = new GroundingChatClient(TestChatClient.Answering(Answer), Retriever());

        ChatResponse response = await client.GetResponseAsync(streaming, Question, new ChatOptions().WithCaller(Staff));

        Assert.Equal(Answer, response.Text);
        Assert.True(response.GetGroundingResult()!.IsGrounded, response.GetGroundingResult()!.Reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnswerWithPlaceholders_RestUnsupported_StillBlocked(bool streaming)
    {
        const string Answer = "<PERSON_1> deleted the audit logs of <EMAIL_ADDRESS_2> after two days [S1].";
        using var client = new GroundingChatClient(TestChatClient.Answering(Answer), Retriever());

        ChatResponse response = await client.GetResponseAsync(streaming, Question, new ChatOptions().WithCaller(Staff));

        Assert.True(response.GetGroundingResult()!.Refused);
        Assert.Equal(GroundingOptions.DefaultCannotAnswerText, response.Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EndToEnd_RedactionWithoutRestore_SummaryQuotingAnEmailIsGrounded(bool streaming)
    {
        // The passage holds an e-mail address; redaction (restore off) hands the model a placeholder, and the model quotes it.
        var retriever = new TestRetriever(new TestDocument(
            "reset", "Password reset", "Password reset links are sent from helpdesk@example.org and expire after 30 minutes.", "*"));
        var model = new EchoSourceSentenceModel();
        using var client = new GroundingChatClient(
            new PiiRedactionChatClient(model, new PiiDetector(), new PiiRedactionOptions { Restore = false }),
            retriever);

        ChatResponse response = await client.GetResponseAsync(streaming, "When do password reset links expire?", new ChatOptions().WithCaller(Staff));

        Assert.True(response.Text.Contains("<EMAIL_ADDRESS_1>", StringComparison.Ordinal), response.GetGroundingResult()?.Reason + ": " + response.Text);
        Assert.DoesNotContain("helpdesk@example.org", response.Text, StringComparison.Ordinal);
        Assert.True(response.GetGroundingResult()!.IsGrounded, response.GetGroundingResult()!.Reason);
    }

    /// <summary>Answers with the first sentence of source S1 as the model received it (placeholders included), cited.</summary>
    private sealed class EchoSourceSentenceModel : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            string system = string.Join("\n", messages.Where(m => m.Role == ChatRole.System).Select(m => m.Text));
            int start = system.IndexOf("Password reset links", StringComparison.Ordinal);
            int end = system.IndexOf('.', start);
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, system[start..end] + " [S1].")));
        }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            ChatResponse response = await GetResponseAsync(messages, options, cancellationToken);
            foreach (ChatResponseUpdate update in response.ToChatResponseUpdates())
            {
                yield return update;
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
