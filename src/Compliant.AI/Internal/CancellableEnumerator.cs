namespace Compliant.AI.Internal;

/// <summary>Wraps an inner stream so that a pending <see cref="MoveNextAsync"/> ends when the token fires, even when the inner stream ignores it.</summary>
/// <remarks>
/// An abandoned <c>MoveNextAsync</c> cannot be followed by the inner enumerator's <c>DisposeAsync</c> (an async iterator
/// refuses to be disposed while it runs), so <see cref="DisposeAsync"/> returns at once and disposes the inner enumerator
/// after the pending step ends; <see cref="Ended"/> completes then. See <see cref="Abandonment"/>.
/// </remarks>
internal sealed class CancellableEnumerator<T> : IAsyncEnumerator<T>
{
    private readonly IAsyncEnumerator<T> _inner;
    private readonly string _stage;
    private readonly CancellationToken _cancellationToken;
    private Task<bool>? _abandonedMove;

    public CancellableEnumerator(IAsyncEnumerator<T> inner, string stage, CancellationToken cancellationToken)
    {
        _inner = inner;
        _stage = stage;
        _cancellationToken = cancellationToken;
    }

    public T Current => _inner.Current;

    /// <summary>Gets a value indicating whether a step was abandoned: the inner stream may still be running.</summary>
    public bool IsAbandoned => _abandonedMove is not null;

    /// <summary>Gets, after <see cref="DisposeAsync"/> of an abandoned stream, the task that completes once the inner stream ended and was disposed.</summary>
    public Task? Ended { get; private set; }

    public ValueTask<bool> MoveNextAsync()
    {
        ValueTask<bool> move = _inner.MoveNextAsync();
        if (move.IsCompleted || !_cancellationToken.CanBeCanceled)
        {
            return move;
        }

        return new ValueTask<bool>(WaitAsync(move.AsTask()));
    }

    public ValueTask DisposeAsync()
    {
        if (_abandonedMove is null)
        {
            return _inner.DisposeAsync();
        }

        Ended ??= DisposeWhenEndedAsync(_abandonedMove);
        return default;
    }

    private async Task<bool> WaitAsync(Task<bool> move)
    {
        try
        {
            return await move.WaitAsync(_cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!move.IsCompleted)
        {
            _abandonedMove = move;
            Abandonment.Abandon(move, _stage);
            throw;
        }
    }

    private async Task DisposeWhenEndedAsync(Task<bool> move)
    {
        try
        {
            await move.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // the outcome of an abandoned step has no reader; Abandonment counted it
        catch
        {
        }

        try
        {
            await _inner.DisposeAsync().ConfigureAwait(false);
        }
        catch
        {
        }
#pragma warning restore CA1031
    }
}
