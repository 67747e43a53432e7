using Npgsql;

namespace Compliant.AI.PostgreSql.Internal;

/// <summary>Opens connections and turns "cannot reach or log in" into <see cref="AuditWriteException"/> without the connection string.</summary>
internal static class PostgreSqlErrors
{
    public static async Task<NpgsqlConnection> OpenAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        try
        {
            return await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState is "28P01" or "28000")
        {
            throw new AuditWriteException("PostgreSQL refused the login of the audit ledger (wrong user or password).", ex);
        }
        catch (NpgsqlException ex)
        {
            throw new AuditWriteException("The audit ledger's PostgreSQL server cannot be reached.", ex);
        }
    }
}
