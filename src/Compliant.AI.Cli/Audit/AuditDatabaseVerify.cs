using System.CommandLine;

namespace Compliant.AI.Cli.Audit;

/// <summary><c>compliant audit verify --connection-string CS</c>: the same output, problems and exit codes as for a ledger folder.</summary>
internal static class AuditDatabaseVerify
{
    public static async Task<int> RunAsync(ParseResult parse, AuditDatabaseOptions database, List<AuditKey> keys, string? witnessFile, CancellationToken cancellationToken)
    {
        TextWriter output = parse.InvocationConfiguration.Output;
        TextWriter error = parse.InvocationConfiguration.Error;
        string connectionString = parse.GetValue(database.ConnectionString)!;
        AuditLedgerVerificationResult result;
        try
        {
            IAuditCheckpointWitness? witness = witnessFile is null ? null : new FileAuditCheckpointWitness(witnessFile);
            result = await PostgreSqlAuditVerifier.VerifyAsync(connectionString, keys, parse.GetValue(database.Schema)!, witness, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AuditWriteException or PostgreSqlAuditSchemaException or ArgumentException)
        {
            // The messages name neither the connection string nor the password.
            await error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return 2;
        }

        await output.WriteLineAsync(result.ToString()).ConfigureAwait(false);
        if (result.IsIntact)
        {
            return 0;
        }

        await error.WriteLineAsync($"error: ledger not intact: {result.Problem}").ConfigureAwait(false);
        return 1;
    }
}
