using PolicyService;

if (args is ["dev-token", .. var rest])
{
    return DevTokenCommand.Run(rest, Console.Out, Console.Error);
}

WebApplication app = ServiceComposition.Build(args);
await app.RunAsync();
return 0;

/// <summary>The entry point (public for <c>WebApplicationFactory</c>).</summary>
public partial class Program;
