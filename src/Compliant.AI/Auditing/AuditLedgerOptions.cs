using System.ComponentModel.DataAnnotations;

namespace Compliant.AI;

/// <summary>Options for <see cref="FileAuditLedger"/>, bound from the configuration section <c>Compliant:Audit:Ledger</c>.</summary>
/// <remarks>
/// The key is never stored in the ledger. Give it through <see cref="Key"/> (for example from a secret store bound into
/// configuration) or, by default, through the environment variable named by <see cref="KeyEnvironmentVariable"/>.
/// </remarks>
public sealed class AuditLedgerOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Compliant:Audit:Ledger";

    /// <summary>Gets or sets the directory holding the ledger files, the checkpoint and the lock file.</summary>
    /// <value>The default is <c>audit</c> (relative to the current directory).</value>
    [Required(ErrorMessage = "Compliant:Audit:Ledger:Directory is required: the directory that holds the audit ledger.")]
    public string Directory { get; set; } = "audit";

    /// <summary>Gets or sets the non-secret id of the key, written on every line so keys can rotate.</summary>
    /// <value>The default is <c>default</c>.</value>
    [Required(ErrorMessage = "Compliant:Audit:Ledger:KeyId is required.")]
    [RegularExpression("^[A-Za-z0-9._-]{1,64}$", ErrorMessage = "Compliant:Audit:Ledger:KeyId must be 1-64 characters of letters, digits, '.', '_' or '-'.")]
    public string KeyId { get; set; } = "default";

    /// <summary>Gets or sets the key in base64 (at least 32 bytes); when empty the key comes from <see cref="KeyEnvironmentVariable"/>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Key { get; set; }

    /// <summary>Gets or sets the environment variable that holds the base64 key when <see cref="Key"/> is empty.</summary>
    /// <value>The default is <c>COMPLIANT_AUDIT_KEY</c>.</value>
    [Required(ErrorMessage = "Compliant:Audit:Ledger:KeyEnvironmentVariable is required when Key is empty.")]
    public string KeyEnvironmentVariable { get; set; } = AuditKey.DefaultEnvironmentVariable;

    /// <summary>Gets or sets the size in bytes after which the ledger continues in a new file.</summary>
    /// <value>The default is 64 MiB.</value>
    public long MaxFileBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Gets or sets a value indicating whether the ledger starts a new file at each new UTC day.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool RollDaily { get; set; } = true;

    /// <summary>Gets or sets how many appends may wait for the writer; further writers wait for room (backpressure).</summary>
    /// <value>The default is 4096.</value>
    public int QueueCapacity { get; set; } = 4096;

    /// <summary>Gets or sets the most appends written and flushed together as one batch.</summary>
    /// <value>The default is 512.</value>
    public int MaxBatchSize { get; set; } = 512;

    /// <summary>Gets or sets the largest serialized record accepted, in bytes; larger records fail with <see cref="AuditRecordTooLargeException"/>.</summary>
    /// <value>The default is 256 KiB.</value>
    public int MaxRecordBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// Gets or sets how far the clock may go back behind the last line and still be accepted; such lines take the
    /// last line's timestamp so ledger time never decreases. Beyond it appends fail with <see cref="AuditClockException"/>.
    /// </summary>
    /// <value>The default is 5 seconds. It must be between zero and one hour.</value>
    public TimeSpan ClockSkewTolerance { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets a value indicating whether a torn final line (an incomplete last line left by a crash during a
    /// write) is cut when the ledger opens, exactly as <c>compliant audit repair</c> would, with a repair line recording it.
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    /// <remarks>
    /// A torn line was never acknowledged (an append completes only after its whole batch is on disk), so cutting it
    /// loses nothing a caller was told is durable. Set to <see langword="false"/> to refuse appends until an operator
    /// runs the repair. Any other problem always refuses appends.
    /// </remarks>
    public bool RepairTornTailOnOpen { get; set; } = true;

    /// <summary>
    /// Gets or sets how far the clock may jump ahead of the time actually elapsed (measured with the monotonic
    /// timestamp of the <see cref="TimeProvider"/>) since the ledger's previous line or since it opened. A larger jump
    /// fails the append with <see cref="AuditClockException"/>, so one wrong clock reading cannot date a line years
    /// ahead and wedge the ledger; appends succeed again once the clock is back, or after a restart.
    /// </summary>
    /// <value>The default is 10 minutes. It must be between 1 second and 1 day.</value>
    public TimeSpan ClockJumpTolerance { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Gets or sets the path of a <see cref="FileAuditCheckpointWitness"/> file that receives the ledger's MACed head
    /// (outside <see cref="Directory"/>: another volume, a WORM mount), so a removed tail is detected even together
    /// with the local checkpoint. When empty, no witness is used unless one is passed to the constructor.
    /// </summary>
    /// <value>The default is <see langword="null"/> (no witness).</value>
    public string? WitnessPath { get; set; }

    /// <summary>Gets or sets after how many new lines the ledger publishes its head to the witness.</summary>
    /// <value>The default is 100.</value>
    public int WitnessRecordInterval { get; set; } = 100;

    /// <summary>
    /// Gets or sets the longest time lines may stay unwitnessed: the head is published when this much time passed
    /// since the last publication (checked after each batch and by a timer on the <see cref="TimeProvider"/>).
    /// </summary>
    /// <value>The default is 1 second. It must be between 10 milliseconds and 1 hour.</value>
    public TimeSpan WitnessTimeInterval { get; set; } = TimeSpan.FromSeconds(1);
}
