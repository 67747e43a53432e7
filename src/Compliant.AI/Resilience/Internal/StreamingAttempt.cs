using Microsoft.Extensions.AI;

namespace Compliant.AI.Resilience.Internal;

/// <summary>One streaming attempt that has produced its first update (or ended empty): the live enumerator and its cancellation.</summary>
/// <remarks>
/// The inner stream gets a token of our own, linked to the caller's token and to an idle timer driven by the
/// <see cref="TimeProvider"/>, because Polly's per-attempt token is released once the first update arrived.
/// </remarks>
internal sealed class StreamingAttempt : IAsyncDisposable
{
    private readonly CancellationTokenSource _idle;
    private readonly CancellationTokenSource _linked;

    private StreamingAttempt(CancellationTokenSource idle, CancellationTokenSource linked)
    {
        _idle = idle;
        _linked = linked;
    }

    public IAsyncEnumerator<ChatResponseUpdate>? Enumerator { get; private set; }

    public bool HasFirst { get; private set; }

    public bool IdleTimedOut => _idle.IsCancellationRequested;

    public static async ValueTask<StreamingAttempt> StartAsync(
        IChatClient inner, IEnumerable<ChatMessage> messages, ChatOptions? options, TimeProvider timeProvider,
        CancellationToken callerToken, CancellationToken attemptToken)
    {
        var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        var linked = CancellationTokenSource.CreateLinkedTokenSource(callerToken, idle.Token);
        var attempt = new StreamingAttempt(idle, linked);
        CancellationTokenRegistration registration = attemptToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), linked);
        try
        {
            attempt.Enumerator = inner.GetStreamingResponseAsync(messages, options, linked.Token).GetAsyncEnumerator(linked.Token);
            attempt.HasFirst = await attempt.Enumerator.MoveNextAsync().ConfigureAwait(false);
            await registration.DisposeAsync().ConfigureAwait(false);
            if (linked.IsCancellationRequested && !callerToken.IsCancellationRequested)
            {
                // The attempt timed out just as the first update arrived: treat it as timed out so Polly decides.
                attemptToken.ThrowIfCancellationRequested();
            }

            return attempt;
        }
        catch
        {
            await registration.DisposeAsync().ConfigureAwait(false);
            await attempt.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts the idle timer before waiting for the next update.</summary>
    public void Arm(TimeSpan idleTimeout) => _idle.CancelAfter(idleTimeout);

    /// <summary>Stops the idle timer once an update arrived.</summary>
    public void Disarm() => _idle.CancelAfter(Timeout.InfiniteTimeSpan);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Enumerator is not null)
            {
                await Enumerator.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _linked.Dispose();
            _idle.Dispose();
        }
    }
}
