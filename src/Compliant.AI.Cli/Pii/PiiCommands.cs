using System.CommandLine;

namespace Compliant.AI.Cli.Pii;

/// <summary>The <c>compliant pii</c> command group.</summary>
internal static class PiiCommands
{
    public static Command Create()
    {
        var pii = new Command("pii", "Detect and redact personal data in JSON Lines.");
        pii.Subcommands.Add(PiiDetectCommand.Create());
        return pii;
    }
}
