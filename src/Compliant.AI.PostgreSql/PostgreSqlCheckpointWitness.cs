using System.Runtime.CompilerServices;
using System.Text.Json;
using Compliant.AI.PostgreSql.Internal;
using Npgsql;
using NpgsqlTypes;

namespace Compliant.AI;

/// <summary>An <see cref="IAuditCheckpointWitness"/> in PostgreSQL: a file ledger's heads kept in another system than its disk.</summary>
/// <remarks>
/// The checkpoint (MACed by the ledger with its witness key) is stored as one row of <c>audit_witness</c>, named so several
/// ledgers can share the table; each publication replaces it in one committed statement. The schema must be migrated
/// (<see cref="PostgreSqlAuditSchema.MigrateAsync"/>). Failures surface as <see cref="AuditWriteException"/>. Thread-safe.
/// </remarks>
public sealed class PostgreSqlCheckpointWitness : IAuditCheckpointWitness, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly string _name;

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlCheckpointWitness"/> class.</summary>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="name">The name of the ledger this witness is for.</param>
    /// <param name="schema">The schema holding <c>audit_witness</c>.</param>
    public PostgreSqlCheckpointWitness(string connectionString, string name, string schema = PostgreSqlAuditSchema.DefaultSchema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _schema = SqlNames.Schema(schema);
        _name = name;
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    /// <inheritdoc />
    public async ValueTask PublishAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        string json = JsonSerializer.Serialize(checkpoint, WitnessJsonContext.Default.AuditCheckpoint);
        NpgsqlConnection connection = await PostgreSqlErrors.OpenAsync(_dataSource, cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable connectionDisposal = connection.ConfigureAwait(false);
        var command = new NpgsqlCommand(
            $"INSERT INTO {_schema}.audit_witness (name, checkpoint, updated) VALUES (@name, @cp, now()) ON CONFLICT (name) DO UPDATE SET checkpoint = EXCLUDED.checkpoint, updated = now()",
            connection);
        await using ConfiguredAsyncDisposable commandDisposal = command.ConfigureAwait(false);
        command.Parameters.AddWithValue("name", _name);
        command.Parameters.Add(new NpgsqlParameter("cp", NpgsqlDbType.Jsonb) { Value = json });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<AuditCheckpoint?> ReadAsync(CancellationToken cancellationToken = default)
    {
        NpgsqlConnection connection = await PostgreSqlErrors.OpenAsync(_dataSource, cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable connectionDisposal = connection.ConfigureAwait(false);
        var command = new NpgsqlCommand($"SELECT checkpoint::text FROM {_schema}.audit_witness WHERE name = @name", connection);
        await using ConfiguredAsyncDisposable commandDisposal = command.ConfigureAwait(false);
        command.Parameters.AddWithValue("name", _name);
        object? value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is string json ? JsonSerializer.Deserialize(json, WitnessJsonContext.Default.AuditCheckpoint) : null;
    }

    /// <summary>Closes the witness's connections.</summary>
    /// <returns>A task that completes when closed.</returns>
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
