using Compliant.AI.Internal;
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
    private readonly TimeProvider _timeProvider;
    private ITimer? _idleTimer;
    private TimeSpan _idleTimeout;
    private long _lastProgress;
    private int _waiting;

    private StreamingAttempt(CancellationTokenSource idle, CancellationTokenSource linked, TimeProvider timeProvider)
    {
        _idle = idle;
        _linked = linked;
        _timeProvider = timeProvider;
    }

    /// <summary>Gets the inner stream; a step that outlives the caller's token or a timeout is abandoned (see <see cref="CancellableEnumerator{T}"/>).</summary>
    public CancellableEnumerator<ChatResponseUpdate>? Enumerator { get; private set; }

    public bool HasFirst { get; private set; }

    public bool IdleTimedOut => _idle.IsCancellationRequested;

    public static async ValueTask<StreamingAttempt> StartAsync(
        IChatClient inner, IEnumerable<ChatMessage> messages, ChatOptions? options, TimeProvider timeProvider,
        CancellationToken callerToken, CancellationToken attemptToken)
    {
        var idle = new CancellationTokenSource();
        var linked = CancellationTokenSource.CreateLinkedTokenSource(callerToken, idle.Token);
        var attempt = new StreamingAttempt(idle, linked, timeProvider);
        CancellationTokenRegistration registration = attemptToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), linked);
        try
        {
            attempt.Enumerator = new CancellableEnumerator<ChatResponseUpdate>(
                inner.GetStreamingResponseAsync(messages, options, linked.Token).GetAsyncEnumerator(linked.Token),
                CompliantTelemetry.Resilience.StageName,
                linked.Token);
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

    /// <summary>Marks the start of a wait for the next update.</summary>
    /// <remarks>
    /// One timer serves the whole stream: a wait costs a timestamp read, and the timer, when it fires, cancels only if
    /// the current wait has lasted the full timeout, else it re-arms for the time left.
    /// </remarks>
    public void Arm(TimeSpan idleTimeout)
    {
        _lastProgress = _timeProvider.GetTimestamp();
        Volatile.Write(ref _waiting, 1);
        if (_idleTimer is null)
        {
            _idleTimeout = idleTimeout;
            _idleTimer = _timeProvider.CreateTimer(static s => ((StreamingAttempt)s!).OnIdleTimer(), this, idleTimeout, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Marks the end of a wait: an update arrived or the stream ended.</summary>
    public void Disarm() => Volatile.Write(ref _waiting, 0);

    private void OnIdleTimer()
    {
        TimeSpan waited = _timeProvider.GetElapsedTime(Volatile.Read(ref _lastProgress));
        if (Volatile.Read(ref _waiting) == 1 && waited >= _idleTimeout)
        {
            try
            {
                _idle.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // the stream ended meanwhile
            }

            return;
        }

        TimeSpan next = Volatile.Read(ref _waiting) == 1 ? _idleTimeout - waited : _idleTimeout;
        try
        {
            _idleTimer?.Change(next, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // the stream ended meanwhile
        }
    }

    private void DisposeSources()
    {
        _linked.Dispose();
        _idle.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (_idleTimer is not null)
        {
            await _idleTimer.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            if (Enumerator is not null)
            {
                await Enumerator.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            if (Enumerator?.Ended is { } ended)
            {
                // The inner stream ignored cancellation and still runs with our token: release the sources once it ends.
                _ = ended.ContinueWith(
                    static (_, s) => ((StreamingAttempt)s!).DisposeSources(), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
            else
            {
                DisposeSources();
            }
        }
    }
}
