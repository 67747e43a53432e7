namespace Compliant.AI;

/// <summary>Options of the <see cref="PostgreSqlAuditLedger"/>.</summary>
public sealed class PostgreSqlAuditLedgerOptions
{
    /// <summary>Gets or sets the Npgsql connection string of a role that may insert into the ledger and update its head.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Gets or sets the schema holding the ledger's tables.</summary>
    /// <value>The default is <see cref="PostgreSqlAuditSchema.DefaultSchema"/>.</value>
    public string Schema { get; set; } = PostgreSqlAuditSchema.DefaultSchema;

    /// <summary>Gets or sets the key that MACs the lines; the same key id and secret on every instance.</summary>
    public AuditKey? Key { get; set; }

    /// <summary>Gets or sets how many appends may wait for a batch; a full queue makes <c>WriteAsync</c> wait (backpressure).</summary>
    /// <value>The default is 4096.</value>
    public int QueueCapacity { get; set; } = 4096;

    /// <summary>Gets or sets the most records committed in one transaction.</summary>
    /// <value>The default is 512.</value>
    public int MaxBatchRecords { get; set; } = 512;

    /// <summary>Gets or sets about how many serialized record bytes one batch's statement carries (one record always fits); internal, for tests.</summary>
    /// <value>The default is 16 MiB, far below PostgreSQL's 1 GB limit on one parameter and one protocol message.</value>
    internal int MaxBatchBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Gets or sets the largest serialized record accepted, in bytes.</summary>
    /// <value>The default is 1 MiB.</value>
    public int MaxRecordBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets a witness that receives the head after every <see cref="WitnessRecordInterval"/> records (a file, another database).</summary>
    /// <value>The default is <see langword="null"/>: no witness (a database owner could then rewrite the tail unnoticed).</value>
    public IAuditCheckpointWitness? Witness { get; set; }

    /// <summary>Gets or sets how many records may be committed between two witness publications.</summary>
    /// <value>The default is 1000.</value>
    public int WitnessRecordInterval { get; set; } = 1000;

    /// <summary>
    /// Gets or sets how long one of the ledger's sessions may sit idle inside a transaction before the server ends it
    /// (<c>idle_in_transaction_session_timeout</c>): the bound on how long the head row stays locked when the writer
    /// holding it vanishes between its two round trips (network partition, frozen VM).
    /// </summary>
    /// <value>The default is 10 seconds; between 100 milliseconds and 1 hour.</value>
    public TimeSpan IdleInTransactionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets or sets how long a statement of the ledger waits for the head row's lock (<c>lock_timeout</c>) before its
    /// batch fails with <see cref="AuditWriteException"/> (SQLSTATE 55P03 inside; nothing written, the append may be retried).
    /// </summary>
    /// <value>The default is 20 seconds; at least <see cref="IdleInTransactionTimeout"/> and at most 1 hour.</value>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Gets or sets how long a connection of the ledger may be silent before TCP keepalive probes start, on the server (<c>tcp_keepalives_idle</c>) and on the client.</summary>
    /// <value>The default is 5 seconds; whole seconds between 1 second and 1 hour.</value>
    public TimeSpan KeepAliveIdle { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the time between two unanswered TCP keepalive probes (<c>tcp_keepalives_interval</c>, and the client's).</summary>
    /// <value>The default is 2 seconds; whole seconds between 1 second and 10 minutes.</value>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets how many unanswered TCP keepalive probes make the server drop a connection (<c>tcp_keepalives_count</c>).</summary>
    /// <value>The default is 3; between 1 and 100. The server also drops a connection whose sent data stays unacknowledged for <see cref="KeepAliveIdle"/> + <see cref="KeepAliveInterval"/> × this count (<c>tcp_user_timeout</c>).</value>
    public int KeepAliveCount { get; set; } = 3;
}
