using System.Security.Cryptography;

namespace Compliant.AI.Tests;

public sealed class PostgreSqlAuditLedgerOptionsTests
{
    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = new PostgreSqlAuditLedgerOptions();

        Assert.Equal(string.Empty, options.ConnectionString);
        Assert.Equal(PostgreSqlAuditSchema.DefaultSchema, options.Schema);
        Assert.Null(options.Key);
        Assert.Equal(4096, options.QueueCapacity);
        Assert.Equal(512, options.MaxBatchRecords);
        Assert.Equal(1024 * 1024, options.MaxRecordBytes);
        Assert.Null(options.Witness);
        Assert.Equal(1000, options.WitnessRecordInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), options.IdleInTransactionTimeout);
        Assert.Equal(TimeSpan.FromSeconds(20), options.LockTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), options.KeepAliveIdle);
        Assert.Equal(TimeSpan.FromSeconds(2), options.KeepAliveInterval);
        Assert.Equal(3, options.KeepAliveCount);
    }

    [Theory]
    [InlineData(nameof(PostgreSqlAuditLedgerOptions.IdleInTransactionTimeout), "00:00:00.099", "IdleInTransactionTimeout must be between 100 ms and 1 hour.")]
    [InlineData(nameof(PostgreSqlAuditLedgerOptions.IdleInTransactionTimeout), "01:00:01", "IdleInTransactionTimeout must be between 100 ms and 1 hour.")]
    [InlineData(nameof(PostgreSqlAuditLedgerOptions.LockTimeout), "00:00:09", "LockTimeout must be at least IdleInTransactionTimeout")]
    [InlineData(nameof(PostgreSqlAuditLedgerOptions.LockTimeout), "01:00:01", "LockTimeout must be at least IdleInTransactionTimeout")]
    [InlineData(nameof(PostgreSqlAuditLedgerOptions.KeepAliveIdle), "00:00:00.500", "KeepAliveIdle (at most 1 hour) and KeepAliveInterval (at most 10 minutes) must be whole seconds")]
    [InlineData(nameof(PostgreSqlAuditLedgerOptions.KeepAliveIdle), "00:00:01.500", "KeepAliveIdle (at most 1 hour) and KeepAliveInterval (at most 10 minutes) must be whole seconds")]
    [InlineData(nameof(PostgreSqlAuditLedgerOptions.KeepAliveInterval), "00:10:01", "KeepAliveIdle (at most 1 hour) and KeepAliveInterval (at most 10 minutes) must be whole seconds")]
    [InlineData(nameof(PostgreSqlAuditLedgerOptions.KeepAliveCount), "0", "KeepAliveCount must be between 1 and 100.")]
    [InlineData(nameof(PostgreSqlAuditLedgerOptions.KeepAliveCount), "101", "KeepAliveCount must be between 1 and 100.")]
    public async Task OpenAsync_InvalidSessionTimeout_ThrowsNamingTheSettingBeforeConnecting(string setting, string value, string message)
    {
        var options = new PostgreSqlAuditLedgerOptions
        {
            ConnectionString = "Host=203.0.113.1;Port=1;Username=u;Password=p;Timeout=1", // never dialled: validation comes first
            Key = AuditKey.FromBase64("k", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
        };
        if (setting == nameof(PostgreSqlAuditLedgerOptions.KeepAliveCount))
        {
            options.KeepAliveCount = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            typeof(PostgreSqlAuditLedgerOptions).GetProperty(setting)!.SetValue(options, TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
        }

        ArgumentException ex = await Assert.ThrowsAsync<ArgumentException>(() => PostgreSqlAuditLedger.OpenAsync(options));

        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
        Assert.Equal("options", ex.ParamName);
    }
}
