using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace TicketTriage.Chaos;

/// <summary>
/// A slow provider, beneath the resilience stage: every call waits <c>delay</c> on the <see cref="TimeProvider"/> before
/// it reaches the real model. It honours cancellation, as a well-behaved SDK does, so the resilience stage's timeouts end
/// the wait.
/// </summary>
public sealed class SlowChatClient(IChatClient inner, TimeProvider timeProvider, TimeSpan delay) : DelegatingChatClient(inner)
{
    private int _calls;

    /// <summary>Gets how many calls reached this provider (each retry is one).</summary>
    public int Calls => Volatile.Read(ref _calls);

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        await Task.Delay(delay, timeProvider, cancellationToken);
        return await base.GetResponseAsync(messages, options, cancellationToken);
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        await Task.Delay(delay, timeProvider, cancellationToken);
        await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            yield return update;
        }
    }
}
