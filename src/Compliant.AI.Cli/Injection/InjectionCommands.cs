using System.CommandLine;

namespace Compliant.AI.Cli.Injection;

/// <summary>The <c>compliant injection</c> command group.</summary>
internal static class InjectionCommands
{
    public static Command Create()
    {
        var injection = new Command("injection", "Detect prompt injection in JSON Lines.");
        injection.Subcommands.Add(InjectionDetectCommand.Create());
        return injection;
    }
}
