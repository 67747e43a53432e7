using System.CommandLine;
using Compliant.AI.Cli;

RootCommand root = CliApp.CreateRootCommand();
ParseResult parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    // Bad usage exits 2 with one line on stderr, as every compliant command does.
    await Console.Error.WriteLineAsync("compliant: " + parse.Errors[0].Message).ConfigureAwait(false);
    return 2;
}

return await parse.InvokeAsync().ConfigureAwait(false);
