using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Compliant.AI.Samples;

/// <summary>
/// What every console sample does before it composes its pipeline: read its configuration and find the audit key
/// (a demo key generated beside the ledger when none is configured). Linked into each sample as source
/// (<c>&lt;Compile Include="..\Shared\SampleConfiguration.cs" /&gt;</c>), not shipped in a package: a key kept beside
/// the ledger is for demos only.
/// </summary>
internal static class SampleConfiguration
{
    /// <summary>The file name of the demo audit key in the data folder.</summary>
    public const string DemoKeyFileName = "demo-audit.key";

    /// <summary>Reads <c>appsettings.json</c> in <paramref name="root"/>, then the environment, then <paramref name="overrides"/> (last wins).</summary>
    /// <param name="root">The sample folder.</param>
    /// <param name="overrides">Values that win over the file and the environment (command-line options, tests).</param>
    /// <param name="invalid">Creates the sample's configuration exception from a one-line message.</param>
    /// <returns>The configuration.</returns>
    public static IConfiguration Load(string root, IEnumerable<KeyValuePair<string, string?>>? overrides, Func<string, Exception> invalid)
    {
        try
        {
            return new ConfigurationBuilder()
                .SetBasePath(root)
                .AddJsonFile("appsettings.json", optional: true)
                .AddEnvironmentVariables()
                .AddInMemoryCollection(overrides ?? [])
                .Build();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or JsonException)
        {
            throw invalid($"appsettings.json in {root} is not valid JSON: {ex.Message.Split('\n')[0]}");
        }
    }

    /// <summary>
    /// Returns the audit key from <c>Compliant:Audit:Key</c> (key id <c>Compliant:Audit:KeyId</c>, default
    /// <c>default</c>) or <see cref="AuditKey.DefaultEnvironmentVariable"/> when set; otherwise a demo key (id
    /// <c>demo</c>) generated once into <paramref name="dataDirectory"/>, readable by its owner only, with one line on
    /// stderr. A real deployment keeps the key in a secret store, never beside the ledger.
    /// </summary>
    /// <param name="configuration">The sample's configuration.</param>
    /// <param name="dataDirectory">The sample's data folder (it exists).</param>
    /// <param name="tool">The sample's command name, for the stderr line.</param>
    /// <param name="invalid">Creates the sample's configuration exception from a one-line message (the key never appears in it).</param>
    /// <returns>The key.</returns>
    public static AuditKey LoadOrCreateDemoAuditKey(IConfiguration configuration, string dataDirectory, string tool, Func<string, Exception> invalid)
    {
        string? configured = configuration["Compliant:Audit:Key"] ?? Environment.GetEnvironmentVariable(AuditKey.DefaultEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            try
            {
                return AuditKey.FromBase64(configuration["Compliant:Audit:KeyId"] ?? "default", configured);
            }
            catch (FormatException)
            {
                throw invalid($"The audit key (Compliant:Audit:Key or {AuditKey.DefaultEnvironmentVariable}) is not valid base64.");
            }
        }

        string path = Path.Combine(dataDirectory, DemoKeyFileName);
        if (!File.Exists(path))
        {
            File.WriteAllText(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            Console.Error.WriteLine($"{tool}: no {AuditKey.DefaultEnvironmentVariable} set; generated a demo audit key at {path} (demo only).");
        }

        return AuditKey.FromBase64("demo", File.ReadAllText(path));
    }
}
