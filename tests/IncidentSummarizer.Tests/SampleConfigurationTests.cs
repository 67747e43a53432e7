using System.Text.Json;

namespace IncidentSummarizer.Tests;

/// <summary>
/// <c>samples/Shared/SampleConfiguration.cs</c>, the configuration and audit-key loading the console samples share as
/// linked source, through this sample's <see cref="IncidentApp.Create"/>.
/// </summary>
public sealed class SampleConfigurationTests : IDisposable
{
    private const string DemoKeyFile = "demo-audit.key";
    private readonly string _data = TestData.NewDataDirectory();

    [Fact]
    public async Task Create_NoAuditKeyConfigured_GeneratesAnOwnerOnlyDemoKeyOnceAndReusesIt()
    {
        // An empty setting wins over COMPLIANT_AUDIT_KEY in the environment, so the demo path runs wherever the test does.
        KeyValuePair<string, string?>[] noKey = [new("Compliant:Audit:Key", "")];
        string path = Path.Combine(_data, DemoKeyFile);

        await using (IncidentApp.Create(_data, noKey))
        {
        }

        string first = File.ReadAllText(path);
        await using (IncidentApp app = IncidentApp.Create(_data, noKey))
        {
            _ = await app.SummarizeAsync("01", TestData.Bundled("01-payments-bad-deploy"), streaming: false);
        }

        Assert.Equal(32, Convert.FromBase64String(first).Length);
        Assert.Equal(first, File.ReadAllText(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.All(TestData.AuditLines(_data), l => Assert.Equal("demo", JsonDocument.Parse(l).RootElement.GetProperty("kid").GetString()));
    }

    [Fact]
    public async Task Create_AuditKeyConfigured_LedgerUsesItsKeyIdAndNoDemoKeyIsWritten()
    {
        KeyValuePair<string, string?>[] key = [new("Compliant:Audit:Key", Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i * 7 + 1)).ToArray())), new("Compliant:Audit:KeyId", "ops-2026")];

        await using (IncidentApp app = IncidentApp.Create(_data, key))
        {
            _ = await app.SummarizeAsync("01", TestData.Bundled("01-payments-bad-deploy"), streaming: true);
        }

        Assert.NotEmpty(TestData.AuditLines(_data));
        Assert.All(TestData.AuditLines(_data), l => Assert.Equal("ops-2026", JsonDocument.Parse(l).RootElement.GetProperty("kid").GetString()));
        Assert.False(File.Exists(Path.Combine(_data, DemoKeyFile)));
    }

    [Fact]
    public void Create_AuditKeyNotBase64_ConfigurationErrorThatDoesNotQuoteTheKey()
    {
        const string Secret = "s3cr3t!not*base64";

        IncidentConfigurationException error = Assert.Throws<IncidentConfigurationException>(() => IncidentApp.Create(_data, [new("Compliant:Audit:Key", Secret)]));

        Assert.Contains("not valid base64", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
