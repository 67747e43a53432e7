using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Compliant.AI.Tests.Resilience;

/// <summary>Scripted provider faults for resilience tests, and helpers to drive a <see cref="FakeTimeProvider"/> without sleeping.</summary>
public static class FaultScript
{
    /// <summary>An outcome that makes the call hang until its token is cancelled.</summary>
    public static readonly Exception Hang = new HangMarker();

    /// <summary>A client whose call number i (0-based) fails with <paramref name="outcomes"/>[i], hangs for <see cref="Hang"/>, or answers "ok" for null / past the end.</summary>
    public static TestChatClient Client(params Exception?[] outcomes)
    {
        var client = new TestChatClient();
        int calls = 0;
        client.GetResponseAsyncCallback = (_, _, ct) =>
        {
            Exception? outcome = Next(outcomes, ref calls);
            return outcome switch
            {
                null => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"))),
                HangMarker => HangAsync(ct),
                _ => Task.FromException<ChatResponse>(outcome),
            };
        };
        client.GetStreamingResponseAsyncCallback = (_, _, ct) =>
        {
            Exception? outcome = Next(outcomes, ref calls);
            return outcome switch
            {
                null => TestChatClient.StreamText("ok", 1, ct),
                HangMarker => HangStream(ct),
                _ => FailStream(outcome),
            };
        };
        return client;
    }

    public static async Task<ChatResponse> HangAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        throw new UnreachableException();
    }

    public static async IAsyncEnumerable<ChatResponseUpdate> HangStream([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        yield break;
    }

#pragma warning disable CS1998 // throws synchronously on the first MoveNextAsync, like a provider refusing the request
    public static async IAsyncEnumerable<ChatResponseUpdate> FailStream(Exception exception)
    {
        throw exception;
#pragma warning disable CS0162
        yield break;
#pragma warning restore CS0162
    }
#pragma warning restore CS1998

    /// <summary>Yields until <paramref name="condition"/> holds; a guard (not a timing assertion) fails the test instead of hanging.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        var guard = Stopwatch.StartNew();
        while (!condition())
        {
            if (guard.Elapsed > TimeSpan.FromSeconds(20))
            {
                throw new TimeoutException("The condition never became true.");
            }

            await Task.Yield();
        }
    }

    /// <summary>Lets queued continuations run.</summary>
    public static async Task SettleAsync(int rounds = 200)
    {
        for (int i = 0; i < rounds; i++)
        {
            await Task.Yield();
        }
    }

    /// <summary>Advances fake time in steps until <paramref name="task"/> completes, then returns it.</summary>
    public static async Task<T> AdvanceUntilDoneAsync<T>(this FakeTimeProvider time, Task<T> task, TimeSpan step)
    {
        var guard = Stopwatch.StartNew();
        while (!task.IsCompleted)
        {
            if (guard.Elapsed > TimeSpan.FromSeconds(20))
            {
                throw new TimeoutException("The call never completed.");
            }

            time.Advance(step);
            await SettleAsync(20);
        }

        return await task;
    }

    private static Exception? Next(Exception?[] outcomes, ref int calls)
    {
        int i = Interlocked.Increment(ref calls) - 1;
        return i < outcomes.Length ? outcomes[i] : null;
    }

    private sealed class HangMarker : Exception;
}
