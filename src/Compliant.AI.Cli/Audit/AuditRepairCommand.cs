using System.CommandLine;
using System.Globalization;

namespace Compliant.AI.Cli.Audit;

/// <summary>
/// <c>compliant audit repair DIRECTORY [--witness FILE] [--accept-clock]</c>: cuts a torn final line (only that) and appends
/// a repair line; with <c>--accept-clock</c>, accepts the current clock for a ledger dated ahead of it by appending a
/// <c>clock</c> line; with <c>--witness</c>, checks the witness first and starts an empty witness. Exit 0 when repaired or
/// nothing to repair, 1 when the ledger has another problem (nothing changed), 2 on bad usage or input.
/// </summary>
internal static class AuditRepairCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "The ledger directory." };
        var keys = new AuditKeyOptions();
        var witnessPath = new Option<string?>("--witness")
        {
            Description = "The ledger's checkpoint witness file: checked before repairing, updated after; an empty witness is started from the intact ledger.",
        };
        var acceptClock = new Option<bool>("--accept-clock")
        {
            Description = "The ledger's last line is dated ahead of the clock (a clock that had jumped ahead): append a 'clock' line accepting the current time.",
        };
        var command = new Command("repair", "Cut a torn final line left by a crash, or accept the clock, and record the repair in the ledger.") { path, witnessPath, acceptClock };
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

            string? witnessFile = parse.GetValue(witnessPath);
            if (witnessFile is not null && (string.IsNullOrWhiteSpace(witnessFile) || Directory.Exists(witnessFile)))
            {
                await error.WriteLineAsync("error: --witness takes the witness file").ConfigureAwait(false);
                return 2;
            }

            IAuditCheckpointWitness? witness = witnessFile is null ? null : new FileAuditCheckpointWitness(witnessFile);
            AuditLedgerRepairResult result;
            try
            {
                result = parse.GetValue(acceptClock)
                    ? await AuditLedgerRepair.AcceptClockAsync(directory, resolved, witness, TimeProvider.System, ct).ConfigureAwait(false)
                    : await AuditLedgerRepair.RepairAsync(directory, resolved, witness, TimeProvider.System, ct).ConfigureAwait(false);
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
                case AuditLedgerRepairStatus.ClockAccepted:
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"clock accepted: ledger time steps back from {result.PreviousLedgerTime:O} to {result.AcceptedTime:O}; recorded at sequence {result.RepairSequence}")).ConfigureAwait(false);
                    return 0;
                case AuditLedgerRepairStatus.WitnessInitialized:
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"witness started: it now holds the ledger's head, sequence {result.RepairSequence}")).ConfigureAwait(false);
                    return 0;
                case AuditLedgerRepairStatus.Repaired:
                    await output.WriteLineAsync($"repaired: cut {result.RemovedBytes} bytes of the torn line {result.LineNumber} of {result.FileName}; repair recorded at sequence {result.RepairSequence}").ConfigureAwait(false);
                    return 0;
                default:
                    await output.WriteLineAsync(result.Verification.ToString()).ConfigureAwait(false);
                    await error.WriteLineAsync(parse.GetValue(acceptClock)
                        ? $"error: not repairable: {result.Verification.Problem}; the clock is accepted only for an otherwise intact ledger, nothing was changed"
                        : $"error: not repairable: {result.Verification.Problem}; only a torn final line (or, with --witness, an empty witness) can be repaired, nothing was changed").ConfigureAwait(false);
                    return 1;
            }
        });
        return command;
    }
}
