namespace Compliant.AI;

/// <summary>A failure reported by a model provider, carrying the HTTP status and the <c>Retry-After</c> the provider asked for.</summary>
/// <remarks>
/// Provider adapters and custom <see cref="Microsoft.Extensions.AI.IChatClient"/> implementations throw it (or put the same
/// facts in <see cref="Exception.Data"/>, see <see cref="TransientChatErrors"/>) so that the resilience stage can tell a
/// transient failure from a permanent one and wait as long as the provider asked. The message must not contain
/// personal data or prompt text.
/// </remarks>
public sealed class ChatProviderException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ChatProviderException"/> class.</summary>
    public ChatProviderException()
        : this("The model provider reported a failure.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ChatProviderException"/> class.</summary>
    /// <param name="message">A message without personal data.</param>
    public ChatProviderException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ChatProviderException"/> class.</summary>
    /// <param name="message">A message without personal data.</param>
    /// <param name="innerException">The provider SDK's exception.</param>
    public ChatProviderException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ChatProviderException"/> class.</summary>
    /// <param name="statusCode">The HTTP status code the provider answered with, if any.</param>
    /// <param name="retryAfter">The delay the provider asked for before the next request, if any.</param>
    /// <param name="innerException">The provider SDK's exception.</param>
    public ChatProviderException(int? statusCode, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(statusCode is { } s ? $"The model provider answered with HTTP status {s}." : "The model provider reported a failure.", innerException)
    {
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>Gets the HTTP status code the provider answered with, or <see langword="null"/> when there was no response (a connection failure).</summary>
    public int? StatusCode { get; init; }

    /// <summary>Gets the delay the provider asked for (its <c>Retry-After</c> header), or <see langword="null"/>.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Gets a value indicating whether the failure is worth retrying.</summary>
    /// <value>
    /// By default <see langword="true"/> for no status (connection failure), 408, 429 and 5xx except 501 and 505;
    /// set it to override.
    /// </value>
    public bool IsTransient
    {
        get => _isTransient ?? TransientChatErrors.IsTransientStatus(StatusCode);
        init => _isTransient = value;
    }

    private readonly bool? _isTransient;
}
