using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Compliant.AI;

/// <summary>Classifies model-call failures as transient (worth retrying) and reads the <c>Retry-After</c> a provider asked for.</summary>
/// <remarks>
/// <para>Transient, in order of checks:</para>
/// <list type="bullet">
/// <item><see cref="ChatProviderException"/>: its <see cref="ChatProviderException.IsTransient"/>.</item>
/// <item><see cref="HttpRequestException"/> with status 408, 429 or 5xx (except 501 and 505), or without a status (the request never got an answer).</item>
/// <item><see cref="SocketException"/>, <see cref="IOException"/> and <see cref="TimeoutException"/>.</item>
/// <item>Polly's <see cref="TimeoutRejectedException"/> (an attempt timed out).</item>
/// <item><see cref="OperationCanceledException"/> (including <see cref="TaskCanceledException"/>) that the caller did not ask for:
/// <see cref="IsTransient"/> cannot see the caller's token, so the resilience stage checks that first and never retries a caller's cancellation.</item>
/// <item>Any exception whose inner exception is transient.</item>
/// </list>
/// <para>Never transient: <see cref="BrokenCircuitException"/> (the circuit is open; fail fast), argument and other exceptions.</para>
/// <para>
/// <c>Retry-After</c> is read from <see cref="ChatProviderException.RetryAfter"/>, or from <see cref="Exception.Data"/> under
/// <see cref="RetryAfterDataKey"/> holding a <see cref="TimeSpan"/>, a <see cref="DateTimeOffset"/>, a number of seconds, or a
/// header string (delta-seconds or an HTTP date), on the exception or any inner exception.
/// </para>
/// </remarks>
public static class TransientChatErrors
{
    /// <summary>The <see cref="Exception.Data"/> key under which a provider adapter may store the <c>Retry-After</c> value.</summary>
    public const string RetryAfterDataKey = "Retry-After";

    /// <summary>Returns whether <paramref name="exception"/> is a transient failure worth retrying.</summary>
    /// <param name="exception">The failure.</param>
    /// <returns><see langword="true"/> when a retry may succeed.</returns>
    public static bool IsTransient(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case BrokenCircuitException:
                    return false;
                case ChatProviderException provider:
                    return provider.IsTransient;
                case HttpRequestException http:
                    return http.StatusCode is null || IsTransientStatus((int)http.StatusCode.Value);
                case SocketException or IOException or TimeoutException or TimeoutRejectedException or OperationCanceledException:
                    return true;
                default:
                    break;
            }
        }

        return false;
    }

    /// <summary>Returns whether an HTTP status code marks a transient failure: none (no response), 408, 429, or 5xx except 501 and 505.</summary>
    /// <param name="statusCode">The status code, or <see langword="null"/> when no response arrived.</param>
    /// <returns><see langword="true"/> when transient.</returns>
    public static bool IsTransientStatus(int? statusCode) => statusCode switch
    {
        null => true,
        (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests => true,
        (int)HttpStatusCode.NotImplemented or (int)HttpStatusCode.HttpVersionNotSupported => false,
        >= 500 and <= 599 => true,
        _ => false,
    };

    /// <summary>Reads the delay a provider asked for before the next request.</summary>
    /// <param name="exception">The failure.</param>
    /// <param name="now">The current time, used when the value is an absolute date.</param>
    /// <param name="retryAfter">The delay, never negative.</param>
    /// <returns><see langword="true"/> when the exception carries a <c>Retry-After</c>.</returns>
    public static bool TryGetRetryAfter(Exception exception, DateTimeOffset now, out TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is ChatProviderException { RetryAfter: { } value })
            {
                retryAfter = value < TimeSpan.Zero ? TimeSpan.Zero : value;
                return true;
            }

            if (e.Data.Count > 0 && e.Data.Contains(RetryAfterDataKey) && TryParse(e.Data[RetryAfterDataKey], now, out retryAfter))
            {
                return true;
            }
        }

        retryAfter = default;
        return false;
    }

    private static bool TryParse(object? value, DateTimeOffset now, out TimeSpan delay)
    {
        delay = value switch
        {
            TimeSpan t => t,
            DateTimeOffset d => d - now,
            DateTime d => new DateTimeOffset(d.ToUniversalTime(), TimeSpan.Zero) - now,
            int s => TimeSpan.FromSeconds(s),
            long s when s is > -1_000_000_000 and < 1_000_000_000 => TimeSpan.FromSeconds(s),
            double s when s is > -1e9 and < 1e9 => TimeSpan.FromSeconds(s),
            string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s is > -1e9 and < 1e9 => TimeSpan.FromSeconds(s),
            string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset d) => d - now,
            _ => TimeSpan.MinValue,
        };

        if (delay == TimeSpan.MinValue)
        {
            delay = default;
            return false;
        }

        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }

        return true;
    }
}
