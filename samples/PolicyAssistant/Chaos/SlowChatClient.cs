using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace PolicyAssistant.Chaos;

/// <summary>
/// A slow or failing provider, placed beneath the resilience stage: each of the first <c>slowCalls</c> calls waits
/// <c>delay</c> on the <see cref="TimeProvider"/> before it reaches the real model, and each of the first
/// <c>failingCalls</c> calls fails with HTTP 503 instead. It honours cancellation, as a well-behaved SDK does, so the
/// resilience stage's timeouts end the wait.
/// </summary>
public sealed class SlowChatClient(IChatClient inner, TimeProvider timeProvider, TimeSpan delay, int slowCalls = int.MaxValue, int failingCalls = 0) : DelegatingChatClient(inner)
{
    private int _calls;

    /// <summary>Gets how many calls reached this provider (each retry is one).</summary>
    public int Calls => Volatile.Read(ref _calls);

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        await BeforeCallAsync(cancellationToken);
        return await base.GetResponseAsync(messages, options, cancellationToken);
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await BeforeCallAsync(cancellationToken);
        await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            yield return update;
        }
    }

    private async Task BeforeCallAsync(CancellationToken cancellationToken)
    {
        int call = Interlocked.Increment(ref _calls);
        if (call <= failingCalls)
        {
            throw new HttpRequestException("chaos: the provider is unavailable", null, HttpStatusCode.ServiceUnavailable);
        }

        if (call <= slowCalls)
        {
            await Task.Delay(delay, timeProvider, cancellationToken);
        }
    }
}
