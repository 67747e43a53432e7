using Compliant.AI.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Compliant.AI.Tests;

/// <summary>
/// A provider that ignores its cancellation token, like one awaiting <c>Task.Delay(Infinite)</c> without it: its first
/// <c>hangingCalls</c> calls wait on <see cref="Release"/> (a <see cref="TaskCompletionSource"/>) whatever happens to
/// their token; later calls answer "ok". Streaming calls may first yield one "partial" update (a mid-stream hang).
/// </summary>
public sealed class UncooperativeProvider
{
    private readonly int _hangingCalls;
    private readonly bool _chunkFirst;
    private int _calls;
    private int _streamsDisposed;

    public UncooperativeProvider(int hangingCalls = int.MaxValue, bool chunkFirst = false)
    {
        _hangingCalls = hangingCalls;
        _chunkFirst = chunkFirst;
        Client = new TestChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => Interlocked.Increment(ref _calls) <= _hangingCalls
                ? HangAsync()
                : Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"))),
            GetStreamingResponseAsyncCallback = (_, _, ct) => Interlocked.Increment(ref _calls) <= _hangingCalls
                ? HangStream()
                : TestChatClient.StreamText("ok", 1, ct),
        };
    }

    /// <summary>Gets the client to put under test.</summary>
    public TestChatClient Client { get; }

    /// <summary>Gets what every hanging call waits for; it never looks at a cancellation token.</summary>
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets the number of calls received.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Gets the number of hanging streams that were disposed after they ended.</summary>
    public int StreamsDisposed => Volatile.Read(ref _streamsDisposed);

    /// <summary>Ends every hanging call with <see cref="ProviderGaveUpException"/>, as the provider finally would.</summary>
    public void GiveUp() => Release.TrySetException(new ProviderGaveUpException());

    /// <summary>Waits until the abandoned call of <paramref name="stage"/> ended and its exception was observed and counted.</summary>
    public static Task WaitUntilObservedAsync(MetricCollector<long> ended, string stage) =>
        Resilience.FaultScript.WaitUntilAsync(() => ended.GetMeasurementSnapshot().Any(m =>
            Equals(m.Tags[CompliantTelemetry.Tags.Stage], stage) &&
            Equals(m.Tags[CompliantTelemetry.Tags.ErrorType], typeof(ProviderGaveUpException).FullName)));

    private async Task<ChatResponse> HangAsync()
    {
        await Release.Task;
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, "late"));
    }

    private async IAsyncEnumerable<ChatResponseUpdate> HangStream()
    {
        try
        {
            if (_chunkFirst)
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, "partial");
            }

            await Release.Task;
            yield return new ChatResponseUpdate(ChatRole.Assistant, "late");
        }
        finally
        {
            Interlocked.Increment(ref _streamsDisposed);
        }
    }
}
