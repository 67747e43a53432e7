using System.CommandLine;

namespace Compliant.AI.Cli;

/// <summary>Builds the <c>compliant</c> command tree. Each command group lives in its own folder and adds itself here.</summary>
internal static class CliApp
{
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("compliant: audit-ledger verification, batch de-identification, retrieval indexes and JSON-schema checks for Compliant.AI.");
        root.Subcommands.Add(Audit.AuditCommands.Create());
        root.Subcommands.Add(Pii.PiiCommands.Create());
        root.Subcommands.Single(c => c.Name == "pii").Subcommands.Add(Redaction.PiiRedactCommand.Create(Redaction.PiiRedactCommand.DefaultServices));
        root.Subcommands.Add(Schema.SchemaCommand.Create());
        root.Subcommands.Add(Retrieval.IndexCommand.Create());
        root.Subcommands.Add(Retrieval.SearchCommand.Create());
        root.Subcommands.Add(Injection.InjectionCommands.Create());
        root.Subcommands.Add(Evaluation.EvalCommand.Create());
        root.Subcommands.Add(Reporting.ReportCommand.Create());
        return root;
    }
}
