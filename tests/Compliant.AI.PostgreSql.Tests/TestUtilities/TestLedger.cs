using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Compliant.AI.Tests;

/// <summary>A fresh schema per test, its ledger, and raw access to its rows.</summary>
public sealed class TestLedger
{
    public TestLedger()
    {
        Schema = "t_" + Guid.NewGuid().ToString("N")[..16];
        KeyBase64 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        Key = AuditKey.FromBase64("scale", KeyBase64);
    }

    public string Schema { get; }

    public string KeyBase64 { get; }

    public AuditKey Key { get; }

    public static string ConnectionString => TestServers.Postgres;

    public async Task<TestLedger> MigrateAsync()
    {
        await PostgreSqlAuditSchema.MigrateAsync(ConnectionString, Schema);
        return this;
    }

    /// <summary>Opens the ledger; its connections carry this test's schema as their application name, so a test can find them in <c>pg_stat_activity</c>.</summary>
    public Task<PostgreSqlAuditLedger> OpenAsync(IAuditCheckpointWitness? witness = null, int maxBatch = 512) =>
        PostgreSqlAuditLedger.OpenAsync(new PostgreSqlAuditLedgerOptions
        {
            ConnectionString = new NpgsqlConnectionStringBuilder(ConnectionString) { ApplicationName = Schema }.ConnectionString,
            Schema = Schema,
            Key = Key,
            Witness = witness,
            WitnessRecordInterval = 1,
            MaxBatchRecords = maxBatch,
        });

    public Task<AuditLedgerVerificationResult> VerifyAsync(IAuditCheckpointWitness? witness = null) =>
        PostgreSqlAuditVerifier.VerifyAsync(ConnectionString, [Key], Schema, witness);

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql.Replace("{s}", Schema, StringComparison.Ordinal), connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<List<(long Seq, byte[] Line)>> RowsAsync()
    {
        var rows = new List<(long, byte[])>();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT seq, line FROM {Schema}.audit_ledger ORDER BY seq", connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)));
        }

        return rows;
    }

    /// <summary>The record ids of the ledger's record lines, in chain order.</summary>
    public async Task<List<string>> RecordIdsAsync()
    {
        var ids = new List<string>();
        foreach ((_, byte[] line) in await RowsAsync())
        {
            using JsonDocument doc = JsonDocument.Parse(Encoding.UTF8.GetString(line));
            if (doc.RootElement.GetProperty("kind").GetString() == "record")
            {
                ids.Add(doc.RootElement.GetProperty("rec").GetProperty("recordId").GetString()!);
            }
        }

        return ids;
    }

    public static AuditRecord Record(string id) => new()
    {
        RecordId = id,
        Timestamp = DateTimeOffset.UnixEpoch.AddYears(56),
        Caller = new AuditCaller { UserId = "u", TenantId = "t" },
    };
}
