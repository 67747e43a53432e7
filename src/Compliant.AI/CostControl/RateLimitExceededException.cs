namespace Compliant.AI;

/// <summary>Thrown before a model call when its tenant has used up its rate limit (and the queue, if any, is full).</summary>
public sealed class RateLimitExceededException : ComplianceRejectedException
{
    /// <summary>Initializes a new instance of the <see cref="RateLimitExceededException"/> class.</summary>
    public RateLimitExceededException()
        : this("The tenant's model call rate limit was exceeded.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RateLimitExceededException"/> class.</summary>
    /// <param name="message">A message without personal data.</param>
    public RateLimitExceededException(string message)
        : this(message, (Exception?)null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RateLimitExceededException"/> class.</summary>
    /// <param name="message">A message without personal data.</param>
    /// <param name="innerException">The cause.</param>
    public RateLimitExceededException(string message, Exception? innerException)
        : base("budget", "rate_limited", message, innerException)
    {
    }

    /// <summary>Gets the tenant that was limited.</summary>
    public string? TenantId { get; init; }

    /// <summary>Gets how long to wait before trying again, when the limiter knows.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
