using System.Diagnostics;
using Compliant.AI.Internal;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Compliant.AI.Resilience.Internal;

/// <summary>Builds the Polly pipeline of <see cref="ResilienceChatClient"/>: total timeout, retry, circuit breaker, attempt timeout (outermost first).</summary>
/// <remarks>
/// Every callback records into <see cref="AuditScope.Current"/> (an async-local, so it is the scope of the call that triggered
/// the event) and into the <c>compliant_ai.resilience.*</c> metrics. Nothing here sees message content.
/// </remarks>
internal static class ChatResiliencePipeline
{
    public const string TotalTimeout = "total";
    public const string AttemptTimeout = "attempt";

    /// <summary>The caller's own token, kept in the context so a cancellation is recognised as the caller's even while it is still propagating.</summary>
    /// <remarks>
    /// Cancelling the caller's token runs its callbacks newest first, so a stage's wait that was linked to it last can end
    /// (and reach Polly's handlers) before Polly's own linked tokens are cancelled; the caller's token is already set then.
    /// </remarks>
    public static readonly ResiliencePropertyKey<CancellationToken> CallerToken = new("Compliant.AI.CallerToken");

    /// <summary>The caller's token when it was given, else the context's.</summary>
    public static CancellationToken CallerOrContextToken(ResilienceContext context) =>
        context.Properties.TryGetValue(CallerToken, out CancellationToken token) && token.IsCancellationRequested ? token : context.CancellationToken;

    public static ResiliencePipeline Build(ResilienceOptions options, TimeProvider timeProvider, ILogger logger, out CircuitBreakerStateProvider? circuit)
    {
        circuit = null;
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider, Name = "Compliant.AI.Chat" };

        builder.AddTimeout(new TimeoutStrategyOptions
        {
            Name = "total-timeout",
            Timeout = options.TotalTimeout,
            OnTimeout = args => RecordTimeout(logger, TotalTimeout, args.Timeout),
        });

        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                Name = "retry",
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = options.UseJitter,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(options, timeProvider, args.Outcome.Exception, CallerOrContextToken(args.Context))),
                DelayGenerator = options.HonorRetryAfter
                    ? args => new ValueTask<TimeSpan?>(
                        args.Outcome.Exception is { } e && TransientChatErrors.TryGetRetryAfter(e, timeProvider.GetUtcNow(), out TimeSpan retryAfter) ? retryAfter : null)
                    : null,
                OnRetry = args => RecordRetry(logger, args),
            });
        }

        if (options.CircuitBreakerEnabled)
        {
            circuit = new CircuitBreakerStateProvider();
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                StateProvider = circuit,
                Name = "circuit-breaker",
                FailureRatio = options.CircuitBreakerFailureRatio,
                MinimumThroughput = options.CircuitBreakerMinimumThroughput,
                SamplingDuration = options.CircuitBreakerSamplingDuration,
                BreakDuration = options.CircuitBreakerBreakDuration,
                ShouldHandle = args => new ValueTask<bool>(IsFailure(options, args.Outcome.Exception, CallerOrContextToken(args.Context))),
                OnOpened = args => RecordCircuit(logger, "open", args.BreakDuration),
                OnHalfOpened = _ => RecordCircuit(logger, "half_open", TimeSpan.Zero),
                OnClosed = _ => RecordCircuit(logger, "closed", TimeSpan.Zero),
            });
        }

        builder.AddTimeout(new TimeoutStrategyOptions
        {
            Name = "attempt-timeout",
            Timeout = options.AttemptTimeout,
            OnTimeout = args => RecordTimeout(logger, AttemptTimeout, args.Timeout),
        });

        return builder.Build();
    }

    /// <summary>Whether an outcome counts as a provider failure: transient, and not the caller's own cancellation.</summary>
    internal static bool IsFailure(ResilienceOptions options, Exception? exception, CancellationToken token) =>
        exception is not null &&
        !(exception is OperationCanceledException && token.IsCancellationRequested) &&
        (TransientChatErrors.IsTransient(exception) || (options.ShouldRetry?.Invoke(exception) ?? false));

    private static bool ShouldRetry(ResilienceOptions options, TimeProvider timeProvider, Exception? exception, CancellationToken token)
    {
        if (!IsFailure(options, exception, token))
        {
            return false;
        }

        // A provider asking us to wait longer than we are willing to: fail now rather than hold the caller.
        return !(options.HonorRetryAfter &&
                 TransientChatErrors.TryGetRetryAfter(exception!, timeProvider.GetUtcNow(), out TimeSpan retryAfter) &&
                 retryAfter > options.MaxRetryAfter);
    }

    private static ValueTask RecordRetry(ILogger logger, OnRetryArguments<object> args)
    {
        string errorType = args.Outcome.Exception?.GetType().Name ?? "unknown";
        AuditScope.Current?.Increment("resilience.retries");
        CompliantTelemetry.Resilience.Retries.Add(1, new KeyValuePair<string, object?>(CompliantTelemetry.Tags.ErrorType, errorType));
        Activity.Current?.AddEvent(new ActivityEvent("compliant_ai.resilience.retry"));
        ResilienceLog.Retrying(logger, args.AttemptNumber + 1, errorType, args.RetryDelay.TotalMilliseconds);
        return default;
    }

    internal static ValueTask RecordTimeout(ILogger logger, string kind, TimeSpan timeout)
    {
        AuditScope.Current?.Increment(kind == TotalTimeout ? "resilience.timeouts.total" : "resilience.timeouts.attempt");
        CompliantTelemetry.Resilience.Timeouts.Add(1, new KeyValuePair<string, object?>(CompliantTelemetry.Resilience.TagTimeoutKind, kind));
        ResilienceLog.TimedOut(logger, kind, timeout.TotalMilliseconds);
        return default;
    }

    /// <remarks>
    /// Polly raises breaker events on its own scheduler thread, where <see cref="AuditScope.Current"/> is not the scope of
    /// the call; so events go to metrics and logs here, and <see cref="RecordCircuitChange"/> records what a call observed.
    /// </remarks>
    private static ValueTask RecordCircuit(ILogger logger, string state, TimeSpan breakDuration)
    {
        CompliantTelemetry.Resilience.CircuitTransitions.Add(1, new KeyValuePair<string, object?>(CompliantTelemetry.Resilience.TagCircuitState, state));
        switch (state)
        {
            case "open":
                ResilienceLog.CircuitOpened(logger, breakDuration.TotalMilliseconds);
                break;
            case "half_open":
                ResilienceLog.CircuitHalfOpened(logger);
                break;
            default:
                ResilienceLog.CircuitClosed(logger);
                break;
        }

        return default;
    }

    /// <summary>Records in the call's audit scope the circuit transitions the call went through.</summary>
    public static void RecordCircuitChange(CircuitState before, CircuitState after, ILogger logger)
    {
        if (before == after)
        {
            return;
        }

        if (after == CircuitState.Open)
        {
            // The call that opened the circuit: from now on the stage refuses calls until the break ends.
            StageReporter.Report(new StageEvent(CompliantTelemetry.Resilience.StageName, AuditDecision.Deny, "circuit_opened"), span: null, logger);
        }

        if (AuditScope.Current is not { } scope)
        {
            return;
        }

        if (before is (CircuitState.Open or CircuitState.Isolated) && after is not (CircuitState.Open or CircuitState.Isolated))
        {
            scope.Increment("resilience.circuit.half_open");
        }

        switch (after)
        {
            case CircuitState.Open:
                scope.Increment("resilience.circuit.open");
                break;
            case CircuitState.Closed:
                scope.Increment("resilience.circuit.closed");
                break;
            case CircuitState.HalfOpen when before is CircuitState.Closed:
                scope.Increment("resilience.circuit.half_open");
                break;
            default:
                break;
        }
    }
}
