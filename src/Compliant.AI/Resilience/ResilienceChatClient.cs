using System.Runtime.CompilerServices;
using Compliant.AI.Internal;
using Compliant.AI.Resilience.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Compliant.AI;

/// <summary>A chat client stage that retries transient provider failures, bounds each call with timeouts, and breaks the circuit when the provider keeps failing.</summary>
/// <remarks>
/// <para>
/// Built on a Polly v8 <see cref="ResiliencePipeline"/> (outermost first): total timeout, retry with exponential backoff
/// and jitter (honouring <c>Retry-After</c>), circuit breaker, per-attempt timeout. What counts as transient is
/// described on <see cref="TransientChatErrors"/>. A cancellation requested by the caller is never retried and ends
/// the call at once. When the total or the last attempt times out, the call fails with Polly's
/// <see cref="TimeoutRejectedException"/>; while the circuit is open it fails fast with <see cref="BrokenCircuitException"/>.
/// </para>
/// <para>
/// Streaming: an attempt is retried only until its first update has been handed to the caller. After that, a failure
/// propagates unchanged, because the caller already saw part of an answer that a second attempt would not reproduce
/// (the same rule as Microsoft.Extensions.AI's <c>FailoverChatClient</c>). The total timeout bounds the time to the
/// first update; <see cref="ResilienceOptions.AttemptTimeout"/> then bounds each gap between updates.
/// </para>
/// <para>
/// Each retry, timeout and circuit transition is counted in <see cref="AuditScope.Current"/> (<c>resilience.retries</c>,
/// <c>resilience.timeouts.attempt</c>, <c>resilience.circuit.open</c>, ...), with a verdict when a call is refused or
/// fails after the stage gave up, and in the <c>compliant_ai.resilience.*</c> metrics. No message content is recorded.
/// </para>
/// <para>The circuit breaker state belongs to this instance: share one instance (one pipeline) per provider endpoint. Thread-safe.</para>
/// </remarks>
public sealed class ResilienceChatClient : DelegatingChatClient
{
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly TimeSpan _idleTimeout;
    private readonly CircuitBreakerStateProvider? _circuit;

    /// <summary>Initializes a new instance of the <see cref="ResilienceChatClient"/> class.</summary>
    /// <param name="innerClient">The client to protect.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults. They are copied and validated.</param>
    /// <param name="timeProvider">The clock for delays, timeouts and the breaker; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="logger">The logger; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public ResilienceChatClient(IChatClient innerClient, ResilienceOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
        : base(innerClient)
    {
        ResilienceOptions copy = StageOptions.Freeze(options, static o => o.Clone(), ResilienceOptionsValidation.Instance);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _idleTimeout = copy.AttemptTimeout;
        _pipeline = ChatResiliencePipeline.Build(copy, _timeProvider, _logger, out _circuit);
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Throw.IfNull(messages);
        IEnumerable<ChatMessage> replayable = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        ResilienceContext context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(ChatResiliencePipeline.CallerToken, cancellationToken);
        CircuitState before = _circuit?.CircuitState ?? CircuitState.Closed;
        try
        {
            return await _pipeline.ExecuteAsync(
                static (ctx, state) => new ValueTask<ChatResponse>(Abandonment.WaitAsync(
                    state.Self.InnerClient.GetResponseAsync(state.Messages, state.Options, ctx.CancellationToken),
                    CompliantTelemetry.Resilience.StageName,
                    whenAbandonedEnds: null,
                    ctx.CancellationToken)),
                context,
                (Self: this, Messages: replayable, Options: options)).ConfigureAwait(false);
        }
        catch (Exception e) when (ObserveFailure(e, cancellationToken))
        {
            throw; // not reached: ObserveFailure returns false
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
            ObserveCircuit(before);
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Throw.IfNull(messages);
        IEnumerable<ChatMessage> replayable = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        StreamingAttempt attempt;
        ResilienceContext context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(ChatResiliencePipeline.CallerToken, cancellationToken);
        CircuitState before = _circuit?.CircuitState ?? CircuitState.Closed;
        try
        {
            attempt = await _pipeline.ExecuteAsync(
                static (ctx, state) => StreamingAttempt.StartAsync(state.Self.InnerClient, state.Messages, state.Options, state.Self._timeProvider, state.CallerToken, ctx.CancellationToken),
                context,
                (Self: this, Messages: replayable, Options: options, CallerToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (Exception e) when (ObserveFailure(e, cancellationToken))
        {
            throw; // not reached
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
            ObserveCircuit(before);
        }

        try
        {
            if (!attempt.HasFirst)
            {
                yield break;
            }

            yield return attempt.Enumerator!.Current;

            while (true)
            {
                ChatResponseUpdate update;
                attempt.Arm(_idleTimeout);
                try
                {
                    if (!await attempt.Enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    update = attempt.Enumerator.Current;
                }
                catch (OperationCanceledException e) when (attempt.IdleTimedOut && !cancellationToken.IsCancellationRequested)
                {
                    await ChatResiliencePipeline.RecordTimeout(_logger, "idle", _idleTimeout).ConfigureAwait(false);
                    Deny("timeout");
                    throw new TimeoutRejectedException($"The stream produced no update within the allowed timeout of '{_idleTimeout}'.", _idleTimeout, e);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested && LogMidStreamFailure(e))
                {
                    throw; // not reached
                }
                finally
                {
                    attempt.Disarm();
                }

                yield return update;
            }
        }
        finally
        {
            await attempt.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void ObserveCircuit(CircuitState before)
    {
        if (_circuit is not null)
        {
            ChatResiliencePipeline.RecordCircuitChange(before, _circuit.CircuitState, _logger);
        }
    }

    private bool LogMidStreamFailure(Exception e)
    {
        AuditScope.Current?.Increment("resilience.stream_failures_after_first_update");
        ResilienceLog.StreamFailedAfterFirstUpdate(_logger, e.GetType().Name);
        return false;
    }

    private bool ObserveFailure(Exception exception, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested && exception is OperationCanceledException)
        {
            return false;
        }

        string? reason = exception switch
        {
            BrokenCircuitException => "circuit_open",
            TimeoutRejectedException => "timeout",
            _ when TransientChatErrors.IsTransient(exception) => "transient_failure",
            _ => null,
        };

        if (reason is null)
        {
            return false;
        }

        if (exception is BrokenCircuitException)
        {
            CompliantTelemetry.Resilience.Rejections.Add(1);
            ResilienceLog.CircuitRejected(_logger);
        }

        Deny(reason);
        return false;
    }

    /// <summary>Reports that the stage gave up on the call (it has no span of its own: an event goes on the current one).</summary>
    private void Deny(string reason) =>
        StageReporter.Report(new StageEvent(CompliantTelemetry.Resilience.StageName, AuditDecision.Deny, reason), span: null, _logger);
}
