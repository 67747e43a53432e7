namespace Compliant.AI;

/// <summary>One audit record: everything a reviewer needs to know about one model interaction.</summary>
/// <remarks>
/// <para>
/// A record is created by the auditing stage when an interaction starts, filled in by inner stages through the
/// interaction's <see cref="AuditScope"/>, and written once to an <see cref="IAuditSink"/> when the interaction ends.
/// Mutate it only through <see cref="AuditScope"/>, which serializes concurrent updates; the record itself is not
/// thread-safe.
/// </para>
/// <para>
/// No field holds raw message content by default: messages are summarized by keyed digests (see
/// <see cref="AuditMessageSummary"/>). The schema is versioned by <see cref="SchemaVersion"/>; fields are only ever added.
/// </para>
/// </remarks>
public sealed class AuditRecord
{
    /// <summary>The schema version written by this library.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Gets or sets the schema version of this record.</summary>
    public int SchemaVersion { get; set; } = CurrentSchemaVersion;

    /// <summary>Gets or sets the unique id of this record (a UUID v7 string by default).</summary>
    public string RecordId { get; set; } = string.Empty;

    /// <summary>Gets or sets when the interaction started, from the configured <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset Timestamp { get; set; }

    /// <summary>Gets or sets the conversation id (<c>ChatOptions.ConversationId</c>), if any.</summary>
    public string? ConversationId { get; set; }

    /// <summary>Gets or sets the correlation id (the W3C trace id of the current activity when there is one).</summary>
    public string? CorrelationId { get; set; }

    /// <summary>Gets or sets who asked.</summary>
    public AuditCaller Caller { get; set; } = new();

    /// <summary>Gets or sets the operation: <c>chat</c> or <c>chat.streaming</c>.</summary>
    public string Operation { get; set; } = AuditOperations.Chat;

    /// <summary>Gets or sets the provider name from <c>ChatClientMetadata.ProviderName</c>, if known.</summary>
    public string? Provider { get; set; }

    /// <summary>Gets or sets the model id requested or reported by the provider, if known.</summary>
    public string? Model { get; set; }

    /// <summary>Gets the summaries of the request messages, in order.</summary>
    public List<AuditMessageSummary> Request { get; set; } = [];

    /// <summary>Gets the summaries of the response messages, in order.</summary>
    public List<AuditMessageSummary> Response { get; set; } = [];

    /// <summary>Gets the decisions stages made about this interaction, in the order they were made.</summary>
    public List<AuditVerdict> Verdicts { get; set; } = [];

    /// <summary>Gets the ids of the sources (chunks or documents) the answer drew on.</summary>
    public List<string> SourceIds { get; set; } = [];

    /// <summary>Gets or sets the versioned prompt templates that shaped the interaction (name, version, content hash), or <see langword="null"/> when none was configured.</summary>
    public List<AuditPromptVersion>? Prompts { get; set; }

    /// <summary>Gets named counters stages add to, for example <c>pii.redacted.PERSON</c> or <c>resilience.retries</c>.</summary>
    /// <remarks>Counter names never contain personal data; values are counts only.</remarks>
    public SortedDictionary<string, long> Counters { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets the input tokens, when known.</summary>
    public long? InputTokens { get; set; }

    /// <summary>Gets or sets the output tokens, when known.</summary>
    public long? OutputTokens { get; set; }

    /// <summary>Gets or sets a value indicating whether the token counts are estimates rather than provider-reported.</summary>
    public bool TokensEstimated { get; set; }

    /// <summary>Gets or sets the cost of the interaction, or <see langword="null"/> when no price is configured.</summary>
    public decimal? Cost { get; set; }

    /// <summary>Gets or sets the ISO 4217 currency of <see cref="Cost"/>.</summary>
    public string? Currency { get; set; }

    /// <summary>Gets or sets the wall-clock duration of the interaction, in milliseconds.</summary>
    public double LatencyMs { get; set; }

    /// <summary>Gets or sets how the interaction ended.</summary>
    public AuditOutcome Outcome { get; set; } = AuditOutcome.Succeeded;

    /// <summary>Gets or sets the full name of the exception type when <see cref="Outcome"/> is <see cref="AuditOutcome.Failed"/>.</summary>
    /// <remarks>Only the type is recorded, never the exception message, which may contain personal data.</remarks>
    public string? ErrorType { get; set; }
}
