using System.CommandLine;
using System.Security.Cryptography;
using Compliant.AI.Tests;
using Npgsql;

namespace Compliant.AI.Cli.Tests.Audit;

/// <summary><c>compliant audit migrate|verify --connection-string</c> against the real server of <c>COMPLIANT_TEST_POSTGRES</c>.</summary>
[Collection("PostgreSQL server (CLI)")]
public sealed class AuditDatabaseCommandsTests : IDisposable
{
    private readonly string _schema = "cli_" + Guid.NewGuid().ToString("N")[..16];
    private readonly string _env = "COMPLIANT_TEST_CLI_KEY_" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _keyBase64 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public AuditDatabaseCommandsTests() => Environment.SetEnvironmentVariable(_env, _keyBase64);

    public void Dispose() => Environment.SetEnvironmentVariable(_env, null);

    [PostgresFact]
    public async Task MigrateThenVerify_IntactThenTampered_ExitZeroThenOne()
    {
        string cs = TestServers.Postgres;
        (int migrate, string migrated, _) = await RunAsync("audit", "migrate", "--connection-string", cs, "--schema", _schema);
        Assert.Equal(0, migrate);
        Assert.Contains("version 0 -> 1", migrated, StringComparison.Ordinal);

        await using (PostgreSqlAuditLedger ledger = await PostgreSqlAuditLedger.OpenAsync(new PostgreSqlAuditLedgerOptions { ConnectionString = cs, Schema = _schema, Key = AuditKey.FromBase64("a", _keyBase64) }))
        {
            for (int i = 0; i < 5; i++)
            {
                await ledger.WriteAsync(new AuditRecord { RecordId = $"r{i}", Timestamp = DateTimeOffset.UnixEpoch, Caller = new AuditCaller { UserId = "u" } });
            }
        }

        (int intact, string output, _) = await RunAsync("audit", "verify", "--connection-string", cs, "--schema", _schema, "--key-env", _env, "--key-id", "a");
        Assert.Equal(0, intact);
        Assert.Contains("5 records", output, StringComparison.Ordinal);

        await using (var connection = new NpgsqlConnection(cs))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DELETE FROM {_schema}.audit_ledger WHERE seq = 3", connection);
            await command.ExecuteNonQueryAsync();
        }

        (int tampered, _, string error) = await RunAsync("audit", "verify", "--connection-string", cs, "--schema", _schema, "--key-env", _env, "--key-id", "a");
        Assert.Equal(1, tampered);
        Assert.Contains("MissingLine", error, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Verify_NotMigratedOrWrongPassword_ExitTwoWithoutThePassword()
    {
        (int notMigrated, _, string error) = await RunAsync("audit", "verify", "--connection-string", TestServers.Postgres, "--schema", _schema, "--key-env", _env, "--key-id", "a");
        Assert.Equal(2, notMigrated);
        Assert.Contains("migrate", error, StringComparison.Ordinal);

        string wrong = new NpgsqlConnectionStringBuilder(TestServers.Postgres) { Password = "Cli-Canary-Password-55" }.ConnectionString;
        (int refused, _, string refusal) = await RunAsync("audit", "verify", "--connection-string", wrong, "--key-env", _env, "--key-id", "a");
        Assert.Equal(2, refused);
        Assert.DoesNotContain("Cli-Canary-Password", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_PathAndConnectionStringTogetherOrNeither_ExitTwo()
    {
        (int both, _, _) = await RunAsync("audit", "verify", "somewhere", "--connection-string", "Host=x", "--key-env", _env, "--key-id", "a");
        (int neither, _, _) = await RunAsync("audit", "verify", "--key-env", _env, "--key-id", "a");

        Assert.Equal(2, both);
        Assert.Equal(2, neither);
    }

    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await CliApp.CreateRootCommand().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
