namespace Compliant.AI.Auditing.Internal;

/// <summary>Notices a streaming consumer that took an update and then neither asked for the next one nor disposed the stream.</summary>
/// <remarks>
/// <para>
/// An async iterator suspended at <c>yield return</c> runs no code until its consumer calls it again, and a consumer
/// that drops the enumerator never does. Instead of a finalizer (which would depend on the garbage collector and
/// could run at any time, or never), one <see cref="TimeProvider"/> timer per stream fires when the stream has sat
/// at a <c>yield</c> for the whole timeout, and then hands the interaction to <c>onExpired</c> exactly once.
/// </para>
/// <para>
/// State: 0 = the iterator is running (the consumer is inside <c>MoveNextAsync</c>), 1 = suspended at a yield,
/// 2 = expired. The consumer's return and the timer race for the transition out of 1 with one compare-exchange,
/// so either the stream continues or it was expired, never both.
/// </para>
/// </remarks>
internal sealed class StreamWatchdog : IAsyncDisposable
{
    private const int Running = 0;
    private const int Suspended = 1;
    private const int Expired = 2;

    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _timeout;
    private readonly Func<Task> _onExpired;
    private readonly TaskCompletionSource _expiry = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? _timer;
    private long _suspendedAt;
    private int _state;

    public StreamWatchdog(TimeProvider timeProvider, TimeSpan timeout, Func<Task> onExpired)
    {
        _timeProvider = timeProvider;
        _timeout = timeout;
        _onExpired = onExpired;
    }

    /// <summary>Gets a task that completes when the expiry's work (writing the record) is done; it never faults.</summary>
    public Task Expiry => _expiry.Task;

    /// <summary>Marks that the iterator is about to yield an update to the consumer.</summary>
    public void Suspending()
    {
        Volatile.Write(ref _suspendedAt, _timeProvider.GetTimestamp());
        Volatile.Write(ref _state, Suspended);
        _timer ??= _timeProvider.CreateTimer(static s => ((StreamWatchdog)s!).OnTimer(), this, _timeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Marks that the consumer came back (next step or dispose).</summary>
    /// <returns><see langword="false"/> when the stream already expired: the interaction was completed without the consumer.</returns>
    public bool TryResume() => Interlocked.CompareExchange(ref _state, Running, Suspended) != Expired;

    public async ValueTask DisposeAsync()
    {
        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task ExpireAsync()
    {
        try
        {
            await _onExpired().ConfigureAwait(false);
        }
        finally
        {
            _expiry.TrySetResult();
        }
    }

    private void OnTimer()
    {
        TimeSpan waited = _timeProvider.GetElapsedTime(Volatile.Read(ref _suspendedAt));
        if (Volatile.Read(ref _state) == Suspended && waited >= _timeout)
        {
            if (Interlocked.CompareExchange(ref _state, Expired, Suspended) == Suspended)
            {
                _ = ExpireAsync();
                return;
            }
        }

        if (Volatile.Read(ref _state) == Expired)
        {
            return;
        }

        TimeSpan next = Volatile.Read(ref _state) == Suspended ? _timeout - waited : _timeout;
        try
        {
            _timer?.Change(next > TimeSpan.Zero ? next : TimeSpan.FromTicks(1), Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // the stream ended meanwhile
        }
    }
}
