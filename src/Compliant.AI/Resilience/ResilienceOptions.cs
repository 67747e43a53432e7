using System.ComponentModel.DataAnnotations;

namespace Compliant.AI;

/// <summary>Options of the resilience stage: retries, timeouts and the circuit breaker around a model call.</summary>
/// <remarks>
/// Bound from the configuration section <c>Compliant:Resilience</c> by <c>AddResilience()</c>. The defaults suit a hosted
/// chat model: a few retries with exponential backoff and jitter, a generous per-attempt timeout for long generations,
/// and a breaker that opens only when at least half of a reasonable number of calls fail.
/// </remarks>
public sealed class ResilienceOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Compliant:Resilience";

    /// <summary>Gets or sets the number of retries after the first attempt; 0 disables retries.</summary>
    /// <value>The default is 3.</value>
    [Range(0, 20)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Gets or sets the delay before the first retry; later retries double it (exponential backoff).</summary>
    /// <value>The default is 2 seconds.</value>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets the longest computed backoff delay.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets a value indicating whether backoff delays are randomized (decorrelated jitter) so clients do not retry in lockstep.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool UseJitter { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether a provider's <c>Retry-After</c> replaces the computed backoff.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    /// <remarks>See <see cref="TransientChatErrors.TryGetRetryAfter"/> for how an exception carries the value.</remarks>
    public bool HonorRetryAfter { get; set; } = true;

    /// <summary>Gets or sets the longest <c>Retry-After</c> the stage waits for; a longer one fails the call at once instead of retrying.</summary>
    /// <value>The default is 60 seconds.</value>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets the timeout of one attempt; for streaming it bounds the time to the first update and then the gap between updates.</summary>
    /// <value>The default is 100 seconds (the default of <see cref="HttpClient.Timeout"/>).</value>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Gets or sets the timeout of the whole call, all attempts and backoff delays included (for streaming: until the first update).</summary>
    /// <value>The default is 5 minutes.</value>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets a value indicating whether a circuit breaker fails calls fast while the provider keeps failing.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool CircuitBreakerEnabled { get; set; } = true;

    /// <summary>Gets or sets the share of failed attempts within <see cref="CircuitBreakerSamplingDuration"/> that opens the circuit.</summary>
    /// <value>The default is 0.5.</value>
    [Range(0.01, 1.0)]
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Gets or sets the number of attempts within <see cref="CircuitBreakerSamplingDuration"/> below which the circuit never opens.</summary>
    /// <value>The default is 10.</value>
    [Range(2, int.MaxValue)]
    public int CircuitBreakerMinimumThroughput { get; set; } = 10;

    /// <summary>Gets or sets the sliding window over which failures are counted.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long the circuit stays open before one trial call is let through (half-open).</summary>
    /// <value>The default is 15 seconds.</value>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets or sets an extra test for failures the built-in classification does not know, for example a provider SDK's own exception type.</summary>
    /// <value>The default is <see langword="null"/>: only <see cref="TransientChatErrors.IsTransient"/> decides.</value>
    /// <remarks>
    /// Return <see langword="true"/> to treat the exception as transient (retried and counted by the breaker). Not bound from
    /// configuration. For the OpenAI SDK: <c>o.ShouldRetry = e =&gt; e is ClientResultException { Status: 408 or 429 or &gt;= 500 };</c>.
    /// </remarks>
    public Func<Exception, bool>? ShouldRetry { get; set; }

    internal ResilienceOptions Clone() => (ResilienceOptions)MemberwiseClone();
}
