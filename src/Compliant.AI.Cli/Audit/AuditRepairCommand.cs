using System.CommandLine;

namespace Compliant.AI.Cli.Audit;

/// <summary>
/// <c>compliant audit repair DIRECTORY</c>: cuts a torn final line (only that) and appends a repair line. Exit 0 when
/// repaired or nothing to repair, 1 when the ledger has another problem (nothing changed), 2 on bad usage or input.
/// </summary>
internal static class AuditRepairCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "The ledger directory." };
        var keys = new AuditKeyOptions();
        var command = new Command("repair", "Cut a torn final line left by a crash, and record the repair in the ledger.") { path };
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

            string directory = parse.GetRequiredValue(path);
            if (File.Exists(directory))
            {
                await error.WriteLineAsync("error: repair takes the ledger directory, not a file").ConfigureAwait(false);
                return 2;
            }

            AuditLedgerRepairResult result;
            try
            {
                result = await AuditLedgerRepair.RepairAsync(directory, resolved, witness: null, TimeProvider.System, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or AuditWriteException or UnauthorizedAccessException or IOException)
            {
                await error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
                return 2;
            }

            switch (result.Status)
            {
                case AuditLedgerRepairStatus.NothingToRepair:
                    await output.WriteLineAsync($"nothing to repair: {result.Verification}").ConfigureAwait(false);
                    return 0;
                case AuditLedgerRepairStatus.Repaired:
                    await output.WriteLineAsync($"repaired: cut {result.RemovedBytes} bytes of the torn line {result.LineNumber} of {result.FileName}; repair recorded at sequence {result.RepairSequence}").ConfigureAwait(false);
                    return 0;
                default:
                    await output.WriteLineAsync(result.Verification.ToString()).ConfigureAwait(false);
                    await error.WriteLineAsync($"error: not repairable: {result.Verification.Problem}; only a torn final line can be repaired, nothing was changed").ConfigureAwait(false);
                    return 1;
            }
        });
        return command;
    }
}
