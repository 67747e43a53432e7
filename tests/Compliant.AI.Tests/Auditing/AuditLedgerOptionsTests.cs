using Compliant.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Compliant.AI.Tests.Auditing.LedgerTestSupport;

namespace Compliant.AI.Tests.Auditing;

public class AuditLedgerOptionsTests
{
    [Fact]
    public void Defaults_AreDocumentedValues()
    {
        var options = new AuditLedgerOptions();

        Assert.Equal("audit", options.Directory);
        Assert.Equal("default", options.KeyId);
        Assert.Null(options.Key);
        Assert.Equal("COMPLIANT_AUDIT_KEY", options.KeyEnvironmentVariable);
        Assert.Equal(64L * 1024 * 1024, options.MaxFileBytes);
        Assert.True(options.RollDaily);
        Assert.Equal(4096, options.QueueCapacity);
        Assert.Equal(512, options.MaxBatchSize);
        Assert.Equal(256 * 1024, options.MaxRecordBytes);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ClockSkewTolerance);
        Assert.True(options.RepairTornTailOnOpen);
        Assert.Equal(TimeSpan.FromMinutes(10), options.ClockJumpTolerance);
        Assert.Null(options.WitnessPath);
        Assert.Equal(100, options.WitnessRecordInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), options.WitnessTimeInterval);
        Assert.Equal("Compliant:Audit:Ledger", AuditLedgerOptions.SectionName);
    }

    [Theory]
    [InlineData("Directory", "", "Compliant:Audit:Ledger:Directory is required")]
    [InlineData("KeyId", "bad id!", "Compliant:Audit:Ledger:KeyId must be 1-64 characters")]
    [InlineData("MaxFileBytes", "100", "Compliant:Audit:Ledger:MaxFileBytes must be between 4096 and")]
    [InlineData("QueueCapacity", "0", "Compliant:Audit:Ledger:QueueCapacity must be between 1 and 1000000")]
    [InlineData("MaxBatchSize", "0", "Compliant:Audit:Ledger:MaxBatchSize must be between 1 and 100000")]
    [InlineData("MaxRecordBytes", "10", "Compliant:Audit:Ledger:MaxRecordBytes must be between 1024 and 16777216")]
    [InlineData("ClockSkewTolerance", "02:00:00", "Compliant:Audit:Ledger:ClockSkewTolerance must be between 00:00:00 and 01:00:00")]
    [InlineData("ClockJumpTolerance", "00:00:00.500", "Compliant:Audit:Ledger:ClockJumpTolerance must be between 00:00:01 and 1.00:00:00")]
    [InlineData("ClockJumpTolerance", "2.00:00:00", "Compliant:Audit:Ledger:ClockJumpTolerance must be between 00:00:01 and 1.00:00:00")]
    [InlineData("WitnessTimeInterval", "00:00:00", "Compliant:Audit:Ledger:WitnessTimeInterval must be between 00:00:00.010 and 01:00:00")]
    [InlineData("WitnessRecordInterval", "0", "Compliant:Audit:Ledger:WitnessRecordInterval must be between 1 and 1000000")]
    [InlineData("WitnessPath", "{dir}/sub/ledger.witness", "Compliant:Audit:Ledger:WitnessPath must be outside the ledger directory")]
    [InlineData("Key", "not base64!", "the audit key is not valid base64")]
    [InlineData("Key", "c2hvcnQ=", "the audit key must be at least 32 bytes")]
    public void Validation_InvalidValue_ClearMessageAtStartup(string name, string value, string message)
    {
        using var dir = new TempDirectory();
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Compliant:Audit:Ledger:Directory"] = dir.Path,
            ["Compliant:Audit:Ledger:Key"] = KeyA,
            [$"Compliant:Audit:Ledger:{name}"] = value.Replace("{dir}", dir.Path, StringComparison.Ordinal),
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddCompliantAI().AddAuditLedger();
        using ServiceProvider provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AuditLedgerOptions>>().Value);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyA, ex.Message, StringComparison.Ordinal);
    }
}
