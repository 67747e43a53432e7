using System.CommandLine;

namespace Compliant.AI.Cli.Audit;

/// <summary>The <c>compliant audit</c> command group: verify, repair and show audit ledgers.</summary>
internal static class AuditCommands
{
    public static Command Create()
    {
        var audit = new Command("audit", "Verify, repair and inspect tamper-evident audit ledgers.");
        audit.Subcommands.Add(AuditVerifyCommand.Create());
        audit.Subcommands.Add(AuditRepairCommand.Create());
        audit.Subcommands.Add(AuditShowCommand.Create());
        audit.Subcommands.Add(AuditMigrateCommand.Create());
        return audit;
    }
}
