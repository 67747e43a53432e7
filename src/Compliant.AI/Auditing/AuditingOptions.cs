using System.ComponentModel.DataAnnotations;

namespace Compliant.AI;

/// <summary>Options for the auditing stage (<c>UseAuditing</c>); bound from the configuration section <c>Compliant:Audit</c>.</summary>
public sealed class AuditingOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Compliant:Audit";

    /// <summary>Gets or sets what happens when an audit record cannot be made durable.</summary>
    /// <value>The default is <see cref="AuditFailurePolicy.FailClosed"/>: the caller gets an <see cref="AuditWriteException"/> and no answer.</value>
    public AuditFailurePolicy FailurePolicy { get; set; } = AuditFailurePolicy.FailClosed;

    /// <summary>Gets or sets how much message content the record keeps.</summary>
    /// <value>The default is <see cref="AuditContentCapture.DigestOnly"/>: keyed digests, lengths and roles, never text.</value>
    public AuditContentCapture ContentCapture { get; set; } = AuditContentCapture.DigestOnly;

    /// <summary>Gets or sets a value indicating whether a streamed answer is held back until its audit record is durable.</summary>
    /// <value>
    /// The default is <see langword="false"/>: chunks reach the caller as they arrive and the record is written when the
    /// stream ends; under <see cref="AuditFailurePolicy.FailClosed"/> a failed write then surfaces as an
    /// <see cref="AuditWriteException"/> from the last <c>MoveNextAsync</c>, and the caller must discard what it showed.
    /// Set to <see langword="true"/> for strict fail-closed streaming: nothing is yielded until the record is on disk.
    /// </value>
    public bool HoldStreamingUntilDurable { get; set; }

    /// <summary>Gets or sets the id of the key used for message digests when no <see cref="AuditKey"/> is registered in DI.</summary>
    /// <value>The default is <c>default</c>.</value>
    [Required]
    [RegularExpression("^[A-Za-z0-9._-]{1,64}$", ErrorMessage = "Compliant:Audit:KeyId must be 1-64 letters, digits, '.', '_' or '-'.")]
    public string KeyId { get; set; } = "default";

    /// <summary>Gets or sets the base64 key for message digests. Prefer <see cref="KeyEnvironmentVariable"/> or a secret store.</summary>
    /// <value>The default is <see langword="null"/>: the key is read from <see cref="KeyEnvironmentVariable"/>.</value>
    public string? Key { get; set; }

    /// <summary>Gets or sets the environment variable holding the base64 key when <see cref="Key"/> is not set.</summary>
    /// <value>The default is <c>COMPLIANT_AUDIT_KEY</c>.</value>
    [Required]
    public string KeyEnvironmentVariable { get; set; } = AuditKey.DefaultEnvironmentVariable;

    /// <summary>Gets or sets how long the stage waits for the sink before treating the write as failed.</summary>
    /// <value>The default is 30 seconds. It must be between 1 millisecond and 1 hour.</value>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long a streamed answer may wait for its consumer after handing it an update before the interaction is recorded as abandoned.</summary>
    /// <value>
    /// The default is 5 minutes. It must be between 1 millisecond and 1 day, or <see cref="Timeout.InfiniteTimeSpan"/> to
    /// turn the check off. A consumer that takes an update and then neither asks for the next one nor disposes the
    /// stream (it dropped the enumerator) would otherwise leave no record. When the time passes, the record is written
    /// with outcome <see cref="AuditOutcome.Cancelled"/> and the counter <c>audit.stream_abandoned</c>, the provider's
    /// stream is disposed, and a consumer that comes back later gets a <see cref="TimeoutException"/>. Measured on the
    /// pipeline's <see cref="TimeProvider"/>; not used with <see cref="HoldStreamingUntilDurable"/>, where the record is
    /// written before the first update is handed out.
    /// </value>
    public TimeSpan AbandonedStreamTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A copy (every property is a value or an immutable string).</summary>
    internal AuditingOptions Clone() => (AuditingOptions)MemberwiseClone();
}
