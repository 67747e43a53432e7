using System.CommandLine;

namespace Compliant.AI.Cli.Audit;

/// <summary>
/// <c>--connection-string CS [--schema NAME]</c>: the audit commands read a PostgreSQL ledger (Compliant.AI.PostgreSql)
/// instead of a folder. The password may come from <c>PGPASSWORD</c> or a passfile instead of the command line.
/// </summary>
internal sealed class AuditDatabaseOptions
{
    public Option<string?> ConnectionString { get; } = new("--connection-string")
    {
        Description = "Npgsql connection string of a PostgreSQL audit ledger (instead of a ledger path). Prefer PGPASSWORD or a passfile to a password here.",
    };

    public Option<string> Schema { get; } = new("--schema")
    {
        Description = "The schema of the PostgreSQL audit ledger.",
        DefaultValueFactory = _ => PostgreSqlAuditSchema.DefaultSchema,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(ConnectionString);
        command.Options.Add(Schema);
    }
}
