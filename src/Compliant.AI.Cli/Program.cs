using System.CommandLine;
using Compliant.AI.Cli;

RootCommand root = CliApp.CreateRootCommand();
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
