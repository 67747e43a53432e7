namespace PolicyService;

/// <summary>
/// <c>dev-token --user ID [--groups a,b] [--hours N] [--purpose P]</c>: prints a development bearer token signed with the
/// local key in the data folder (the key is created on first use). For the development issuer only.
/// </summary>
internal static class DevTokenCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        string? user = null;
        string groups = string.Empty;
        string? purpose = null;
        double hours = 8;
        for (int i = 0; i < args.Length; i++)
        {
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--user" when value is not null: user = value; i++; break;
                case "--groups" when value is not null: groups = value; i++; break;
                case "--purpose" when value is not null: purpose = value; i++; break;
                case "--hours" when value is not null && double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out double h) && h > 0 && h <= 24 * 30:
                    hours = h;
                    i++;
                    break;
                default:
                    error.WriteLine($"policy-service dev-token: unknown or incomplete option '{args[i]}'. Usage: dev-token --user ID [--groups a,b] [--hours N] [--purpose P]");
                    return 2;
            }
        }

        if (string.IsNullOrWhiteSpace(user))
        {
            error.WriteLine("policy-service dev-token: --user is required. Usage: dev-token --user ID [--groups a,b] [--hours N] [--purpose P]");
            return 2;
        }

        IConfiguration configuration = new ConfigurationBuilder()
            .SetBasePath(ServiceComposition.ContentRoot())
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        ServiceSettings settings = ServiceComposition.BindSettings(configuration);
        var issuer = new DevTokenIssuer(ServiceComposition.DataDirectory(ServiceComposition.ContentRoot(), settings), settings, TimeProvider.System);
        output.WriteLine(issuer.Mint(user, groups.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), TimeSpan.FromHours(hours), purpose is null ? null : [purpose]));
        return 0;
    }
}
