using System.CommandLine;

namespace Compliant.AI.Cli.Audit;

/// <summary>
/// <c>compliant audit verify PATH [--key-env NAME]... [--key-id ID]...</c>: prints <c>intact: N records</c> (exit 0) or the
/// first bad line and why (exit 1); exit 2 with a one-line reason on stderr for bad usage or input.
/// </summary>
internal static class AuditVerifyCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "A ledger directory, or one audit-*.jsonl file." };
        var keys = new AuditKeyOptions();
        var command = new Command("verify", "Check that an audit ledger is intact: MACs, chain, order, key ids, checkpoint.") { path };
        keys.AddTo(command);
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

            AuditLedgerVerificationResult result;
            try
            {
                result = await AuditLedgerVerifier.VerifyAsync(parse.GetRequiredValue(path), resolved, witness: null, ct).ConfigureAwait(false);
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
                _ => string.Empty,
            };
            await error.WriteLineAsync($"error: ledger not intact: {result.Problem}{hint}").ConfigureAwait(false);
            return 1;
        });
        return command;
    }
}
