using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Tests.StructuredOutput;

/// <summary><c>GetResponseAsync&lt;T&gt;</c> end to end through the pipeline: the schema it sends is the one enforced.</summary>
public sealed class StructuredOutputGenericResponseTests
{
    public enum Urgency
    {
        Low,
        High,
    }

    public sealed record Triage(string Category, int Priority, Urgency Urgency, List<string> Tags);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponseAsyncOfT_InvalidThenValid_DeserializesTheValidAnswer(bool streaming)
    {
        var serializer = new JsonSerializerOptions(AIJsonUtilities.DefaultOptions) { Converters = { new JsonStringEnumConverter() } };
        TestChatClient model = ScriptedChatClient.Create(
            """{"category":"billing","priority":"two","urgency":"High","tags":[]}""",
            """{"category":"billing","priority":2,"urgency":"High","tags":["invoice"]}""");
        if (streaming)
        {
            // GetResponseAsync<T> calls the non-streaming path; route it through streaming to cover the buffered path too
            model.GetResponseAsyncCallback = async (messages, options, ct) =>
            {
                model.Calls.RemoveAt(model.Calls.Count - 1);
                var updates = new List<ChatResponseUpdate>();
                await foreach (ChatResponseUpdate u in model.GetStreamingResponseAsync(messages, options, ct))
                {
                    updates.Add(u);
                }

                return updates.ToChatResponse();
            };
        }

        using IChatClient client = new ChatClientBuilder(model).UseStructuredOutput().Build();

        ChatResponse<Triage> response = await client.GetResponseAsync<Triage>("Triage: invoice shows a duplicate charge.", serializer);

        Assert.Equal(2, model.Calls.Count);
        Assert.IsType<ChatResponseFormatJson>(model.Calls[0].Options!.ResponseFormat);
        Assert.NotNull(((ChatResponseFormatJson)model.Calls[0].Options!.ResponseFormat!).Schema);
        Triage triage = response.Result;
        Assert.Equal(2, triage.Priority);
        Assert.Equal(Urgency.High, triage.Urgency);
        Assert.Equal(["invoice"], triage.Tags);
    }

    [Fact]
    public async Task GetResponseAsyncOfT_NeverValid_ThrowsStructuredOutputValidationException()
    {
        TestChatClient model = ScriptedChatClient.Create("no", "still no", "never");
        using IChatClient client = new ChatClientBuilder(model).UseStructuredOutput().Build();

        var ex = await Assert.ThrowsAsync<StructuredOutputValidationException>(() => client.GetResponseAsync<Triage>("t", AIJsonUtilities.DefaultOptions));

        Assert.Equal(3, ex.Attempts);
        Assert.Equal(JsonValidationFailureKind.InvalidJson, ex.Failure);
    }
}
