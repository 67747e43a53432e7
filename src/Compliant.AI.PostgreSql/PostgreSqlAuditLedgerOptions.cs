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
}
