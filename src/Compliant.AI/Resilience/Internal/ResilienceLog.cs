using Microsoft.Extensions.Logging;

namespace Compliant.AI.Resilience.Internal;

/// <summary>Source-generated log messages of the resilience stage (event ids 1450-1459).</summary>
/// <remarks>Messages carry exception type names, delays, codes and tenant ids only: never message content.</remarks>
internal static partial class ResilienceLog
{
    [LoggerMessage(1450, LogLevel.Warning, "Model call attempt {Attempt} failed with {ErrorType}; retrying in {DelayMs} ms.")]
    public static partial void Retrying(ILogger logger, int attempt, string errorType, double delayMs);

    [LoggerMessage(1451, LogLevel.Warning, "Model call {TimeoutKind} timeout of {TimeoutMs} ms elapsed.")]
    public static partial void TimedOut(ILogger logger, string timeoutKind, double timeoutMs);

    [LoggerMessage(1452, LogLevel.Error, "Circuit breaker opened for {BreakMs} ms after repeated model call failures.")]
    public static partial void CircuitOpened(ILogger logger, double breakMs);

    [LoggerMessage(1453, LogLevel.Information, "Circuit breaker half-open: letting a trial model call through.")]
    public static partial void CircuitHalfOpened(ILogger logger);

    [LoggerMessage(1454, LogLevel.Information, "Circuit breaker closed: model calls flow again.")]
    public static partial void CircuitClosed(ILogger logger);

    [LoggerMessage(1455, LogLevel.Warning, "Model call rejected: the circuit is open.")]
    public static partial void CircuitRejected(ILogger logger);

    [LoggerMessage(1456, LogLevel.Warning, "Streaming model call failed after the first update with {ErrorType}; not retried.")]
    public static partial void StreamFailedAfterFirstUpdate(ILogger logger, string errorType);
}
