using System.CommandLine;

namespace Compliant.AI.Cli.Audit;

/// <summary>
/// <c>compliant audit verify PATH [--key-env NAME]... [--key-id ID]... [--witness FILE]</c>: prints <c>intact: N records</c>
/// (exit 0) or the first bad line and why (exit 1); exit 2 with a one-line reason on stderr for bad usage or input.
/// </summary>
internal static class AuditVerifyCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "A ledger directory, or one audit-*.jsonl file.", Arity = ArgumentArity.ZeroOrOne };
        var database = new AuditDatabaseOptions();
        var keys = new AuditKeyOptions();
        var witnessPath = new Option<string?>("--witness")
        {
            Description = "The ledger's checkpoint witness file (outside the ledger folder): the ledger must still reach the head it holds.",
        };
        var command = new Command("verify", "Check that an audit ledger is intact: MACs, chain, order, key ids, checkpoint, witness.") { path, witnessPath };
        keys.AddTo(command);
        database.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            TextWriter error = parse.InvocationConfiguration.Error;
            List<AuditKey>? resolved = keys.Resolve(parse, out string keyError);
            if (resolved is null)
            {
                await error.WriteLineAsync("error: " + keyError).ConfigureAwait(false);
                return 2;
            }

            string? witnessFile = parse.GetValue(witnessPath);
            if (parse.GetValue(database.ConnectionString) is { Length: > 0 } == parse.GetValue(path) is { Length: > 0 })
            {
                await error.WriteLineAsync("error: give either a ledger path or --connection-string").ConfigureAwait(false);
                return 2;
            }

            if (parse.GetValue(database.ConnectionString) is { Length: > 0 })
            {
                return await AuditDatabaseVerify.RunAsync(parse, database, resolved, witnessFile, ct).ConfigureAwait(false);
            }

            string ledgerPath = parse.GetValue(path)!;
            if (witnessFile is not null && (string.IsNullOrWhiteSpace(witnessFile) || Directory.Exists(witnessFile)))
            {
                await error.WriteLineAsync("error: --witness takes the witness file").ConfigureAwait(false);
                return 2;
            }

            if (witnessFile is not null && File.Exists(ledgerPath))
            {
                await error.WriteLineAsync("error: --witness checks a whole ledger: give the ledger directory, not a file").ConfigureAwait(false);
                return 2;
            }

            AuditLedgerVerificationResult result;
            try
            {
                IAuditCheckpointWitness? witness = witnessFile is null ? null : new FileAuditCheckpointWitness(witnessFile);
                result = await AuditLedgerVerifier.VerifyAsync(ledgerPath, resolved, witness, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException)
            {
                await error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
                return 2;
            }

            await output.WriteLineAsync(result.ToString()).ConfigureAwait(false);
            if (result.IsIntact)
            {
                return 0;
            }

            string hint = result.Problem switch
            {
                AuditLedgerProblem.TornFinalLine => " (run 'compliant audit repair' to cut it)",
                AuditLedgerProblem.UnknownKey => " (pass that key with --key-env and --key-id)",
                AuditLedgerProblem.WrongKey => " (the key given for that key id is not the one the ledger was written with; check the key before suspecting tampering)",
                AuditLedgerProblem.TimestampOutOfOrder => " (if the clock had jumped ahead, see 'compliant audit repair --accept-clock')",
                _ => string.Empty,
            };
            await error.WriteLineAsync($"error: ledger not intact: {result.Problem}{hint}").ConfigureAwait(false);
            return 1;
        });
        return command;
    }
}
