using System.CommandLine;

namespace Compliant.AI.Cli.Audit;

/// <summary>
/// <c>compliant audit migrate --connection-string CS [--schema NAME]</c>: creates or upgrades the PostgreSQL audit ledger's
/// tables (never done implicitly). Exit 0 with <c>schema NAME: version A -> B</c>; exit 2 when the database cannot be
/// reached or is at a version newer than this tool.
/// </summary>
internal static class AuditMigrateCommand
{
    public static Command Create()
    {
        var database = new AuditDatabaseOptions();
        var command = new Command("migrate", "Create or upgrade the tables of a PostgreSQL audit ledger (explicit; the ledger never migrates itself).");
        database.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            TextWriter error = parse.InvocationConfiguration.Error;
            string? connectionString = parse.GetValue(database.ConnectionString);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                await error.WriteLineAsync("error: --connection-string is required").ConfigureAwait(false);
                return 2;
            }

            string schema = parse.GetValue(database.Schema)!;
            try
            {
                int before = await PostgreSqlAuditSchema.MigrateAsync(connectionString, schema, ct).ConfigureAwait(false);
                await output.WriteLineAsync($"schema {schema}: version {before} -> {PostgreSqlAuditSchema.CurrentVersion}").ConfigureAwait(false);
                return 0;
            }
            catch (Exception ex) when (ex is PostgreSqlAuditSchemaException or ArgumentException)
            {
                await error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
                return 2;
            }
            catch (Npgsql.NpgsqlException)
            {
                await error.WriteLineAsync("error: the PostgreSQL server cannot be reached or refused the login").ConfigureAwait(false);
                return 2;
            }
        });
        return command;
    }
}
