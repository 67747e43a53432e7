using Microsoft.Extensions.AI;

namespace Compliant.AI.Evaluation.Internal;

/// <summary>Answers with the recorded answers of a structured-output case, one per call, in order.</summary>
internal sealed class ReplayChatClient(IReadOnlyList<string> answers) : IChatClient
{
    private int _calls;

    public int Calls => _calls;

    public IReadOnlyList<string> Served => [.. answers.Take(_calls)];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        int call = Interlocked.Increment(ref _calls);
        if (call > answers.Count)
        {
            throw new InvalidOperationException("The case has no recorded answer for this re-ask.");
        }

        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answers[call - 1])));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChatResponse response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
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
