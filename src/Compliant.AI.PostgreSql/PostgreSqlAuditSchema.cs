using System.Runtime.CompilerServices;
using System.Globalization;
using Compliant.AI.PostgreSql.Internal;
using Npgsql;

namespace Compliant.AI;

/// <summary>The tables of the PostgreSQL audit ledger and their explicit migrations.</summary>
/// <remarks>
/// <para>
/// Version 1 creates, in the given schema: <c>audit_ledger(seq bigint primary key, line bytea)</c> holding each ledger
/// line exactly as the file ledger would write it (body, MAC suffix, newline); <c>audit_head</c>, one row with the
/// last sequence number, MAC, key id and timestamp, which every batch moves by compare-and-set in the statement that
/// inserts its lines (or under <c>SELECT … FOR UPDATE</c> when the writer does not know the head) so there is one chain
/// across all instances; <c>audit_witness</c>, checkpoints that file
/// ledgers publish when this database is their witness; and <c>audit_schema_version</c>.
/// </para>
/// <para>Nothing is migrated implicitly: the ledger refuses to open on a missing or different version.</para>
/// </remarks>
public static class PostgreSqlAuditSchema
{
    /// <summary>The schema version this code reads and writes.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The schema used when none is given.</summary>
    public const string DefaultSchema = "compliant_audit";

    /// <summary>Creates or upgrades the tables to <see cref="CurrentVersion"/>; a no-op when already there.</summary>
    /// <param name="connectionString">The Npgsql connection string of a role allowed to create the tables.</param>
    /// <param name="schema">The schema (created when missing).</param>
    /// <param name="cancellationToken">A token to cancel the migration.</param>
    /// <returns>The version before the migration (0 when the tables did not exist).</returns>
    /// <exception cref="PostgreSqlAuditSchemaException">The database is at a version newer than this code.</exception>
    public static async Task<int> MigrateAsync(string connectionString, string schema = DefaultSchema, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        string s = SqlNames.Schema(schema);
        var connection = new NpgsqlConnection(connectionString);
        await using ConfiguredAsyncDisposable connectionDisposal = connection.ConfigureAwait(false);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        NpgsqlTransaction tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable txDisposal = tx.ConfigureAwait(false);

        // Serialize concurrent migrations of the same schema.
        await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock(hashtext('compliant-ai:migrate:{s}'))", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, tx, $"CREATE SCHEMA IF NOT EXISTS {s}", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, tx, $"CREATE TABLE IF NOT EXISTS {s}.audit_schema_version (id int PRIMARY KEY CHECK (id = 1), version int NOT NULL)", cancellationToken).ConfigureAwait(false);
        int version = await ReadVersionAsync(connection, tx, s, cancellationToken).ConfigureAwait(false);
        if (version > CurrentVersion)
        {
            throw Newer(version);
        }

        if (version < 1)
        {
            await ExecuteAsync(connection, tx, $"""
                CREATE TABLE {s}.audit_ledger (seq bigint PRIMARY KEY CHECK (seq > 0), line bytea NOT NULL);
                CREATE TABLE {s}.audit_head (id int PRIMARY KEY CHECK (id = 1), seq bigint NOT NULL, mac bytea NOT NULL, key_id text, ts timestamptz);
                INSERT INTO {s}.audit_head (id, seq, mac, key_id, ts) VALUES (1, 0, decode(repeat('00', 32), 'hex'), NULL, NULL);
                CREATE TABLE {s}.audit_witness (name text PRIMARY KEY, checkpoint jsonb NOT NULL, updated timestamptz NOT NULL DEFAULT now());
                INSERT INTO {s}.audit_schema_version (id, version) VALUES (1, 1);
                """, cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return version;
    }

    /// <summary>Reads the schema version of the database (0 when the tables do not exist).</summary>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="schema">The schema.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The version.</returns>
    public static async Task<int> GetVersionAsync(string connectionString, string schema = DefaultSchema, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        string s = SqlNames.Schema(schema);
        var connection = new NpgsqlConnection(connectionString);
        await using ConfiguredAsyncDisposable connectionDisposal = connection.ConfigureAwait(false);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadVersionAsync(connection, null, s, cancellationToken).ConfigureAwait(false);
    }

    internal static async Task EnsureCurrentAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        int version = await ReadVersionAsync(connection, null, schema, cancellationToken).ConfigureAwait(false);
        if (version > CurrentVersion)
        {
            throw Newer(version);
        }

        if (version < CurrentVersion)
        {
            throw new PostgreSqlAuditSchemaException(version, CurrentVersion, string.Create(
                CultureInfo.InvariantCulture,
                $"The audit schema '{schema}' is at version {version}; this code needs version {CurrentVersion}. Migrations are never applied silently: run PostgreSqlAuditSchema.MigrateAsync or 'compliant audit migrate --connection-string ...'."));
        }
    }

    private static PostgreSqlAuditSchemaException Newer(int version) =>
        new(version, CurrentVersion, string.Create(
            CultureInfo.InvariantCulture,
            $"The audit schema is at version {version}, newer than this code (version {CurrentVersion}): upgrade Compliant.AI.PostgreSql before writing or verifying; nothing was changed."));

    private static async Task<int> ReadVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string schema, CancellationToken cancellationToken)
    {
        var exists = new NpgsqlCommand("SELECT to_regclass(@t) IS NOT NULL", connection, tx);
        await using ConfiguredAsyncDisposable existsDisposal = exists.ConfigureAwait(false);
        exists.Parameters.AddWithValue("t", schema + ".audit_schema_version");
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
        {
            return 0;
        }

        var read = new NpgsqlCommand($"SELECT version FROM {schema}.audit_schema_version WHERE id = 1", connection, tx);
        await using ConfiguredAsyncDisposable readDisposal = read.ConfigureAwait(false);
        object? value = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is int v ? v : 0;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection, tx);
        await using ConfiguredAsyncDisposable commandDisposal = command.ConfigureAwait(false);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
