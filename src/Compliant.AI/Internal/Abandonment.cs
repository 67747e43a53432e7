namespace Compliant.AI.Internal;

/// <summary>Ends a stage's wait on its inner client when the token fires, even when the inner client ignores the token.</summary>
/// <remarks>
/// <para>
/// A provider that does not observe its cancellation token would otherwise hold every stage above it, and the caller,
/// for as long as it likes. Instead the wait ends with an <see cref="OperationCanceledException"/> for the token, and the
/// inner operation is <em>abandoned</em>: it keeps running, nobody reads its result, and its eventual exception is
/// observed (never an unobserved task exception) and counted in <c>compliant_ai.abandoned_calls.ended</c>.
/// </para>
/// <para>
/// What cannot be abandoned: an inner client that blocks the calling thread before returning its task (synchronous
/// work inside <c>GetResponseAsync</c> or inside <c>MoveNextAsync</c> before its first <c>await</c>). Nothing in-process
/// can take the thread back; only the provider can.
/// </para>
/// </remarks>
internal static class Abandonment
{
    /// <summary>Waits for <paramref name="operation"/>, or until <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="operation">The inner client's operation.</param>
    /// <param name="stage">The stage name for telemetry.</param>
    /// <param name="cancellationToken">The token that ends the wait.</param>
    /// <param name="whenAbandonedEnds">Runs once an abandoned operation has ended (must not throw); for example to settle a budget.</param>
    public static Task<T> WaitAsync<T>(Task<T> operation, string stage, Action<Task<T>>? whenAbandonedEnds, CancellationToken cancellationToken)
    {
        if (operation.IsCompleted || !cancellationToken.CanBeCanceled)
        {
            return operation;
        }

        return WaitCoreAsync(operation, stage, whenAbandonedEnds, cancellationToken);
    }

    /// <summary>Abandons <paramref name="operation"/>: counts it, and observes its outcome when it ends.</summary>
    public static void Abandon<T>(Task<T> operation, string stage, Action<Task<T>>? whenEnds = null)
    {
        CompliantTelemetry.Abandonment.RecordAbandoned(stage);
        _ = operation.ContinueWith(
            static (task, state) =>
            {
                var (stageName, callback) = ((string, Action<Task<T>>?))state!;
                Exception? error = task.IsFaulted ? task.Exception!.GetBaseException() : task.IsCanceled ? new OperationCanceledException() : null;
                CompliantTelemetry.Abandonment.RecordEnded(stageName, error);
                try
                {
                    callback?.Invoke(task);
                }
#pragma warning disable CA1031 // nobody waits for this continuation: a failure here must not become an unobserved task exception
                catch
#pragma warning restore CA1031
                {
                }
            },
            (stage, whenEnds),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static async Task<T> WaitCoreAsync<T>(Task<T> operation, string stage, Action<Task<T>>? whenAbandonedEnds, CancellationToken cancellationToken)
    {
        try
        {
            return await operation.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!operation.IsCompleted)
        {
            Abandon(operation, stage, whenAbandonedEnds);
            throw;
        }
    }
}
