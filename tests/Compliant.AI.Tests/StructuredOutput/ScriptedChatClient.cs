using Microsoft.Extensions.AI;

namespace Compliant.AI.Tests.StructuredOutput;

/// <summary>A scripted model: answers each call (streaming or not) with the next text of its queue.</summary>
internal static class ScriptedChatClient
{
    public static TestChatClient Create(params string[] answers) => Create(null, answers);

    public static TestChatClient Create(UsageDetails? usagePerCall, params string[] answers)
    {
        var queue = new Queue<string>(answers);
        string Next() => queue.Count > 0 ? queue.Dequeue() : throw new InvalidOperationException("The script ran out of answers.");
        return new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, Next()))
            {
                Usage = usagePerCall is null ? null : new UsageDetails { InputTokenCount = usagePerCall.InputTokenCount, OutputTokenCount = usagePerCall.OutputTokenCount, TotalTokenCount = usagePerCall.TotalTokenCount },
            }),
            GetStreamingResponseAsyncCallback = (_, _, ct) => TestChatClient.StreamText(Next(), 7, ct),
        };
    }
}
